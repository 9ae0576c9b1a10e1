package dev.airlock.hub.modelconfig;

import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.SynthConfig;

/**
 * Reads a model configuration written in YAML or JSON and checks it exactly as the worker will ({@link SynthConfig}),
 * so a mistake is named in the editor instead of failing a run.
 */
public final class ModelConfigParser {

    /** Longest configuration text accepted. */
    public static final int MAX_SOURCE = 65_536;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ModelConfigParser() {
    }

    /**
     * @param format {@code yaml} or {@code json}
     * @param source the text
     * @return whether it is valid, the problem or the configuration as JSON
     */
    public static ModelConfigCheck check(String format, String source) {
        if (!"yaml".equals(format) && !"json".equals(format)) {
            return new ModelConfigCheck(false, "format must be yaml or json", null);
        }
        if (source == null || source.isBlank()) {
            return new ModelConfigCheck(false, "the configuration is empty", null);
        }
        if (source.length() > MAX_SOURCE) {
            return new ModelConfigCheck(false, "the configuration is longer than " + MAX_SOURCE + " characters", null);
        }
        JsonNode tree;
        try {
            tree = ("yaml".equals(format) ? YAML : JSON).readTree(source);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null || where.getLineNr() < 1 ? ""
                    : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            return new ModelConfigCheck(false, "not valid " + format.toUpperCase(java.util.Locale.ROOT) + at + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), null);
        }
        if (tree == null || !tree.isObject()) {
            return new ModelConfigCheck(false, "the configuration must be a mapping of settings (an object)", null);
        }
        try {
            SynthConfig.fromMap(JSON.convertValue(tree, new TypeReference<Map<String, Object>>() {
            }));
        } catch (InvalidInputException e) {
            return new ModelConfigCheck(false, e.getMessage(), null);
        }
        return new ModelConfigCheck(true, null, tree);
    }
}
