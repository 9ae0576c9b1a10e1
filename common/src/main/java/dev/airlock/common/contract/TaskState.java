package dev.airlock.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The lifecycle of a task (ARCHITECTURE §4). States only move forward: {@link #rank()} orders them and terminal states
 * are final.
 */
public enum TaskState {
    /** Accepted by the hub, not yet admitted by a dispatcher. */
    @JsonProperty("created")
    CREATED(0),
    /** Admitted by the dispatcher, a worker was asked for. */
    @JsonProperty("pending")
    PENDING(1),
    /** The worker runs and reports. */
    @JsonProperty("active")
    ACTIVE(2),
    /** Finished with its artifacts written. */
    @JsonProperty("completed")
    COMPLETED(3),
    /** Finished without its artifacts; the event carries an {@link ErrorCode}. */
    @JsonProperty("error")
    ERROR(3),
    /** Cancelled by a user. */
    @JsonProperty("cancelled")
    CANCELLED(3),
    /** The worker stopped reporting or vanished. */
    @JsonProperty("lost")
    LOST(3);

    private final int rank;

    TaskState(int rank) {
        this.rank = rank;
    }

    /** @return the position of this state in the lifecycle; terminal states share the highest rank */
    public int rank() {
        return rank;
    }

    /** @return whether no further state may follow this one */
    public boolean isTerminal() {
        return rank == 3;
    }

    /**
     * @param next a state reported later
     * @return whether moving from this state to {@code next} moves the task forward (a repeated {@link #ACTIVE} counts
     *         as progress, not as a move)
     */
    public boolean canMoveTo(TaskState next) {
        return !isTerminal() && next.rank > rank;
    }

    /** @return the lower-case name used on the wire and in the API */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
