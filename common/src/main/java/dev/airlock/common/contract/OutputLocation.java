package dev.airlock.common.contract;

/**
 * Where a task writes its artifacts in the shared object store. The bucket is named by the zone's configuration; the
 * prefix is owned by the task.
 *
 * @param prefix the key prefix, ending in {@code /}, e.g. {@code projects/demo/tasks/<taskId>/}
 */
public record OutputLocation(String prefix) {
}
