package dev.airlock.common.contract;

/**
 * Limits the hub asks for a task; the dispatcher may lower them.
 *
 * @param maxDurationSeconds how long the worker may be active
 */
public record TaskLimits(long maxDurationSeconds) {
}
