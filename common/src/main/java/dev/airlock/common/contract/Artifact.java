package dev.airlock.common.contract;

/**
 * An object a task wrote to the shared store.
 *
 * @param name what it is: {@code model}, {@code synthetic}, {@code report}, {@code sample}
 * @param key its key in the shared bucket, under the task's prefix
 * @param sizeBytes its size
 */
public record Artifact(String name, String key, long sizeBytes) {
}
