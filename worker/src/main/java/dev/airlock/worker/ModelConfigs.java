package dev.airlock.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.SynthConfig;

/** Reads model configurations as users write them. */
final class ModelConfigs {

    private ModelConfigs() {
    }

    /**
     * @param file a JSON file, or {@code null} for the defaults
     * @return the configuration
     * @throws InvalidInputException naming the file when it is missing, not JSON or not a valid configuration
     */
    static SynthConfig read(Path file) throws IOException {
        if (file == null) {
            return SynthConfig.defaults();
        }
        if (!Files.isRegularFile(file)) {
            String name = file.toString();
            throw new InvalidInputException("model configuration file "
                    + (name.length() > 80 ? name.substring(0, 80) + "…" : name)
                    + " does not exist (--config takes the path of a JSON file)");
        }
        JsonNode tree;
        try {
            tree = MessageCodec.mapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("model configuration " + file.getFileName() + " is not valid JSON at line "
                    + e.getLocation().getLineNr());
        }
        try {
            return of(tree);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage() + " (in " + file.getFileName() + ")", e);
        }
    }

    /**
     * @param tree a model configuration, may be {@code null}
     * @return the configuration
     */
    static SynthConfig of(JsonNode tree) {
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return SynthConfig.defaults();
        }
        if (!tree.isObject()) {
            throw new InvalidInputException("model configuration must be a JSON object");
        }
        Map<String, Object> map = MessageCodec.mapper().convertValue(tree, new TypeReference<Map<String, Object>>() {
        });
        return SynthConfig.fromMap(map);
    }
}
