package dev.airlock.common.contract;

import java.util.List;
import java.util.Map;

/**
 * Worker → dispatcher, inside the zone: what a finished task produced. Written by the worker as JSON to the file its
 * launcher names (on Kubernetes, the termination message), read by the dispatcher, which builds the outgoing
 * {@link TaskEvent} from it through its egress gate.
 *
 * @param state {@link TaskState#COMPLETED} or {@link TaskState#ERROR}
 * @param artifacts what was written, on success
 * @param metrics aggregate metrics
 * @param error why it failed, on error
 */
public record WorkerResult(TaskState state, List<Artifact> artifacts, Map<String, Double> metrics, TaskError error) {
}
