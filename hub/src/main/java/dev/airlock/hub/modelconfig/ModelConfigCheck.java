package dev.airlock.hub.modelconfig;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The result of checking a model configuration.
 *
 * @param valid whether the worker will accept it
 * @param problem what is wrong (with the line for syntax errors), or {@code null}
 * @param config the configuration as the JSON a task carries, when valid
 */
public record ModelConfigCheck(boolean valid, String problem, JsonNode config) {
}
