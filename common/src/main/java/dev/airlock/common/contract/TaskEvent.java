package dev.airlock.common.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Dispatcher → hub: a task changed state or made progress. Passed through the dispatcher's egress gate before it is
 * sent: nothing but these fields leaves the zone.
 *
 * @param schemaVersion {@link Contract#SCHEMA_VERSION}
 * @param eventId unique per event; the hub applies each id once
 * @param taskId the task
 * @param zone the zone that ran it
 * @param state the task's state
 * @param occurredAt when the dispatcher saw it
 * @param progress for {@link TaskState#ACTIVE}, how far the worker is; otherwise {@code null}
 * @param metrics aggregate metrics (names to finite numbers), may be empty
 * @param artifacts what the task wrote, on {@link TaskState#COMPLETED}
 * @param error on {@link TaskState#ERROR}, why
 */
public record TaskEvent(
        int schemaVersion,
        String eventId,
        String taskId,
        String zone,
        TaskState state,
        Instant occurredAt,
        Progress progress,
        Map<String, Double> metrics,
        List<Artifact> artifacts,
        TaskError error) {
}
