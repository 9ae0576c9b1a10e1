package dev.airlock.hub.modelconfig;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A saved model configuration.
 *
 * @param project its project
 * @param name its name
 * @param format {@code yaml} or {@code json}
 * @param source the text as written
 * @param config what tasks carry, as JSON
 * @param updatedBy who saved it last
 * @param updatedAt when
 */
public record ModelConfigView(String project, String name, String format, String source, JsonNode config,
        String updatedBy, Instant updatedAt) {
}
