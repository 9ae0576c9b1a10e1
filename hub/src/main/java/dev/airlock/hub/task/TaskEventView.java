package dev.airlock.hub.task;

import java.time.Instant;

/**
 * One status event of a task, in arrival order.
 *
 * @param state the state it reported
 * @param applied whether it changed the task
 * @param occurredAt when the zone saw it
 * @param receivedAt when the hub received it
 */
public record TaskEventView(String state, boolean applied, Instant occurredAt, Instant receivedAt) {
}
