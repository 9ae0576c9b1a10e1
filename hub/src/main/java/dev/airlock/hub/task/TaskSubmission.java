package dev.airlock.hub.task;

import java.util.Map;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.TaskType;

/**
 * What a user submits.
 *
 * @param type {@code train}, {@code generate} or {@code evaluate}
 * @param dataSource the data source's name (train, evaluate)
 * @param modelTaskId the train task whose model to use (generate, evaluate)
 * @param modelConfig the model configuration, a JSON object (optional)
 * @param modelConfigName instead of {@code modelConfig}: the name of a configuration saved in the project (optional)
 * @param parameters run parameters such as {@code rows} and {@code seed} (optional); a generate task's {@code format}
 *        is {@code csv} (the default), {@code csv.gz}, {@code jsonl} or {@code parquet}
 */
public record TaskSubmission(@NotNull TaskType type, String dataSource, String modelTaskId, JsonNode modelConfig,
        String modelConfigName,
        @Schema(description = "Run parameters: seed, rows, holdoutFraction, target, workerClass; for a generate task "
                + "also format, one of csv (the default), csv.gz, jsonl, parquet (the table is synthetic.<format>)") Map<String, Object> parameters) {
}
