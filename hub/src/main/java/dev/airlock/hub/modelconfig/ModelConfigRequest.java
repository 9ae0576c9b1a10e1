package dev.airlock.hub.modelconfig;

/**
 * A model configuration as a user writes it.
 *
 * @param name its name in the project (on create)
 * @param format {@code yaml} or {@code json}; YAML when left out
 * @param source the text
 */
public record ModelConfigRequest(String name, String format, String source) {
}
