package dev.airlock.common.contract;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Hub → dispatcher: run one task. Signed by the hub; the dispatcher rejects it unless the signature verifies.
 *
 * @param schemaVersion {@link Contract#SCHEMA_VERSION}
 * @param taskId the task's id, unique, also the worker's identity
 * @param project the project's name
 * @param type what to do
 * @param dataSource the data source's name; for {@code generate}, may be {@code null}
 * @param source the hub's definition of that data source, credentials sealed to the zone; {@code null} for a data
 *        source configured in the zone itself
 * @param modelTaskId for {@code generate} and {@code evaluate}: the train task whose model to use, otherwise {@code null}
 * @param modelConfig the model configuration as the user wrote it
 * @param parameters run parameters (for example {@code rows}, {@code seed}), never data values
 * @param output where artifacts go
 * @param requestedBy who asked
 * @param limits limits asked for
 * @param issuedAt when the hub signed it
 * @param signature the hub's signature; {@code null} only before signing
 */
public record TaskRequest(
        int schemaVersion,
        String taskId,
        String project,
        TaskType type,
        String dataSource,
        DataSourceSpec source,
        String modelTaskId,
        JsonNode modelConfig,
        Map<String, Object> parameters,
        OutputLocation output,
        Requester requestedBy,
        TaskLimits limits,
        Instant issuedAt,
        Signature signature) {

    /**
     * @param signature the signature to attach
     * @return a copy carrying {@code signature}
     */
    public TaskRequest withSignature(Signature signature) {
        return new TaskRequest(schemaVersion, taskId, project, type, dataSource, source, modelTaskId, modelConfig, parameters,
                output, requestedBy, limits, issuedAt, signature);
    }
}
