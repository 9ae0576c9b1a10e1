package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Bitnami-style documentation: every value is described by a {@code ## @param} line (on itself or on a map above
 * it), and the chart README's values table is generated from those lines. Refresh the table with
 * {@code -Dgolden.update=true}.
 */
class ValuesDocumentationTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("(?m)^\\s*## @param (\\S+)[ \\t]*(.*)$");
    private static final String START = "<!-- values-table:start (generated from the ## @param lines: -Dgolden.update=true) -->";
    private static final String END = "<!-- values-table:end -->";
    private static final Map<String, String> CHARTS = new LinkedHashMap<>();

    static {
        CHARTS.put("", "values.yaml");
        for (String chart : List.of("hub", "dispatcher", "rabbitmq", "keycloak", "postgresql", "minio", "nginx")) {
            CHARTS.put(chart, "charts/" + chart + "/values.yaml");
        }
    }

    @Test
    void everyValueHasAParamLine() throws IOException {
        // Given
        List<String> undocumented = new ArrayList<>();

        // When
        for (String file : CHARTS.values()) {
            String text = Files.readString(AirlockChart.CHART.resolve(file));
            List<String> params = params(text).stream().map(param -> param[0]).toList();
            for (String leaf : leaves(YAML.readTree(text), "")) {
                if (params.stream().noneMatch(param -> leaf.equals(param) || leaf.startsWith(param + ".")
                        || param.startsWith(leaf + "."))) {
                    undocumented.add(file + ": " + leaf);
                }
            }
        }

        // Then
        assertThat(undocumented).isEmpty();
    }

    @Test
    void readmeTableIsGeneratedFromTheParamLines() throws IOException {
        // Given
        Path readme = AirlockChart.CHART.resolve("README.md");
        String text = Files.readString(readme);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("README markers").isNotNegative().isLessThan(end);

        // When
        String table = table();

        // Then
        if (Boolean.getBoolean("golden.update")) {
            text = text.substring(0, start + START.length()) + "\n" + table + text.substring(end);
            Files.writeString(readme, text);
            end = text.indexOf(END);
        }
        assertThat(text.substring(start + START.length(), end)).isEqualTo("\n" + table);
    }

    private static String table() throws IOException {
        StringBuilder table = new StringBuilder();
        for (Map.Entry<String, String> chart : CHARTS.entrySet()) {
            String text = Files.readString(AirlockChart.CHART.resolve(chart.getValue()));
            JsonNode values = YAML.readTree(text);
            String prefix = chart.getKey().isEmpty() ? "" : chart.getKey() + ".";
            table.append("\n### ").append(chart.getKey().isEmpty() ? "Umbrella and global" : "`" + chart.getKey() + "`")
                    .append("\n\n| Name | Description | Default |\n| --- | --- | --- |\n");
            for (String[] param : params(text)) {
                table.append("| `").append(prefix).append(param[0]).append("` | ").append(param[1].replace("|", "\\|"))
                        .append(" | ").append(defaultOf(values, param[0])).append(" |\n");
            }
        }
        return table.toString();
    }

    private static String defaultOf(JsonNode values, String key) throws IOException {
        JsonNode node = values;
        for (String part : key.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isMissingNode()) {
            return "unset";
        }
        String json = JSON.writeValueAsString(node);
        return json.length() > 60 ? "see values.yaml" : "`" + json.replace("|", "\\|") + "`";
    }

    private static List<String[]> params(String text) {
        List<String[]> params = new ArrayList<>();
        Matcher matcher = PARAM.matcher(text);
        while (matcher.find()) {
            params.add(new String[] { matcher.group(1), matcher.group(2).strip() });
        }
        return params;
    }

    private static List<String> leaves(JsonNode node, String path) {
        List<String> leaves = new ArrayList<>();
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                leaves.addAll(leaves(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey()));
            }
        } else if (!path.isEmpty()) {
            leaves.add(path);
        }
        return leaves;
    }
}
