package dev.airlock.hub.task;

/**
 * A task was accepted or changed state or progress; observers see it after the transaction commits.
 *
 * @param task the task as it is now
 */
public record TaskChanged(TaskView task) {
}
