package dev.airlock.hub.outbox;

/** Fired when a transaction writes an outbox row; observed after commit to publish without waiting for the poll. */
public record OutboxWritten() {
}
