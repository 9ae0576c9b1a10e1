package dev.airlock.hub.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.TaskError;

/**
 * A task as the API shows it.
 *
 * @param id the task's id
 * @param project the project
 * @param type what it does
 * @param state its state
 * @param dataSource the data source's name
 * @param modelTaskId the train task whose model it uses
 * @param modelConfig the model configuration
 * @param parameters run parameters
 * @param progress how far an active worker is
 * @param error why it failed
 * @param outputPrefix where its artifacts go in the shared store
 * @param artifacts what it wrote
 * @param metrics aggregate metrics
 * @param createdAt when it was accepted
 * @param updatedAt when it last changed
 */
public record TaskView(String id, String project, String type, String state, String dataSource, String modelTaskId,
        JsonNode modelConfig, Map<String, Object> parameters, Progress progress, TaskError error, String outputPrefix,
        List<Artifact> artifacts, Map<String, Double> metrics, Instant createdAt, Instant updatedAt) {
}
