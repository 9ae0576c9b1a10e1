package dev.airlock.dispatcher.cancel;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks cancelled in this zone, kept across restarts: a cancel may arrive while its task still waits in the task
 * queue, and the task must not start when it arrives, even if the dispatcher restarted in between. An entry is kept
 * for the signing max age: a task older than that is refused as expired anyway.
 */
public abstract class CancelLedger {

    private final Map<String, Instant> cancelled = new ConcurrentHashMap<>();
    private final Duration retention;

    /** @param retention how long a cancel is remembered */
    protected CancelLedger(Duration retention) {
        this.retention = retention;
    }

    /** Reads what was stored before this dispatcher started. */
    public final void load(Instant now) {
        stored().forEach((taskId, at) -> {
            if (!expired(at, now)) {
                cancelled.put(taskId, at);
            }
        });
    }

    /**
     * Remembers a cancel, durably before it returns.
     *
     * @param taskId the cancelled task
     * @param now when the cancel arrived
     */
    public final void add(String taskId, Instant now) {
        if (cancelled.putIfAbsent(taskId, now) == null) {
            cancelled.values().removeIf(at -> expired(at, now));
            store(taskId, now, Map.copyOf(cancelled));
        }
    }

    /**
     * @param taskId a task
     * @return whether it was cancelled
     */
    public final boolean contains(String taskId) {
        return cancelled.containsKey(taskId);
    }

    private boolean expired(Instant at, Instant now) {
        return at.plus(retention).isBefore(now);
    }

    /** @return the cancels stored so far, by task id */
    protected abstract Map<String, Instant> stored();

    /**
     * Stores a cancel.
     *
     * @param taskId the task just cancelled
     * @param at when
     * @param current every cancel still remembered, the new one included (a store may rewrite itself from it)
     */
    protected abstract void store(String taskId, Instant at, Map<String, Instant> current);
}
