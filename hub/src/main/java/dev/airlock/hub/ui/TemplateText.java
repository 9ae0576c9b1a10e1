package dev.airlock.hub.ui;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import dev.airlock.hub.task.ModelConfigTemplate;

/**
 * A model configuration template as YAML, for the editor.
 *
 * @param name the template's name
 * @param description what it trades
 * @param yaml its configuration in YAML
 */
public record TemplateText(String name, String description, String yaml) {

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** @return every template, the default first */
    public static List<TemplateText> all() {
        return ModelConfigTemplate.ALL.stream()
                .map(t -> new TemplateText(t.name(), t.description(), yaml(t.config()))).toList();
    }

    /**
     * @param value a configuration
     * @return it as YAML
     */
    public static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(new java.util.TreeMap<>(
                    YAML.convertValue(value,
                            new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {
                            })));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a template does not render as YAML", e);
        }
    }
}
