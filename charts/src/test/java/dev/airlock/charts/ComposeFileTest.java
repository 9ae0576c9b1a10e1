package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** docker-compose.yml parses, references only what it defines, and runs the chart's images and topology. */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of(System.getProperty("airlock.compose.file", "../docker-compose.yml"));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z0-9_]+(:\\?[^}]*)?}");

    /** Bind mounts the operator fills in; everything else bound must ship with the repository. */
    private static final Set<String> OPERATOR_PROVIDED = Set.of("./license");

    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        compose = YAML.readTree(COMPOSE.toFile());
    }

    @Test
    void servicesReferenceOnlyDefinedServicesVolumesAndConfigs() {
        // Given
        Set<String> services = names(compose.get("services"));
        Set<String> volumes = names(compose.get("volumes"));
        Set<String> configs = names(compose.get("configs"));

        // When
        List<String> dangling = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> {
            JsonNode spec = service.getValue();
            names(spec.path("depends_on")).stream().filter(name -> !services.contains(name))
                    .forEach(name -> dangling.add(service.getKey() + " depends on " + name));
            spec.path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                boolean bind = source.startsWith(".") || source.startsWith("/");
                if (!bind && !volumes.contains(source)) {
                    dangling.add(service.getKey() + " mounts volume " + source);
                }
                if (bind && !OPERATOR_PROVIDED.contains(source) && !Files.exists(COMPOSE.getParent().resolve(source))) {
                    dangling.add(service.getKey() + " binds missing " + source);
                }
            });
            spec.path("configs").forEach(config -> {
                if (!configs.contains(config.path("source").asText())) {
                    dangling.add(service.getKey() + " uses config " + config.path("source").asText());
                }
            });
        });

        // Then
        assertThat(services).contains("rabbitmq", "postgresql", "minio", "keycloak", "hub", "dispatcher");
        assertThat(dangling).isEmpty();
        compose.get("configs").fields().forEachRemaining(config -> {
            if (config.getValue().has("file")) {
                assertThat(COMPOSE.getParent().resolve(config.getValue().get("file").asText())).exists();
            }
        });
    }

    @Test
    void imagesArePinnedAndLongRunningServicesHaveHealthChecks() {
        // When
        Map<String, String> images = new java.util.TreeMap<>();
        compose.get("services").fields().forEachRemaining(service -> images.put(service.getKey(),
                service.getValue().path("image").asText()));

        // Then
        assertThat(images.values()).allSatisfy(image -> assertThat(image).matches("[a-z0-9.-]+/[^:]+:[A-Za-z0-9._-]+")
                .doesNotEndWith(":latest"));
        assertThat(images).containsEntry("hub", "ghcr.io/airlock-dev/airlock-hub:0.1.0")
                .containsEntry("dispatcher", "ghcr.io/airlock-dev/airlock-dispatcher:0.1.0");
        compose.get("services").fields().forEachRemaining(service -> {
            if (!"no".equals(service.getValue().path("restart").asText())) {
                assertThat(service.getValue().has("healthcheck")).as("%s health check", service.getKey()).isTrue();
            }
        });
    }

    @Test
    void brokerTopologyIsTheChartsTopology() throws IOException {
        // Given
        String composeDefinitions = VARIABLE.matcher(compose.get("configs").get("rabbitmq-definitions").get("content")
                .asText()).replaceAll("secret");
        ConfigMap chart = AirlockChart.find(ValueCase.DEFAULTS.resources(), ConfigMap.class, "airlock-rabbitmq");

        // When
        JsonNode fromCompose = JSON.readTree(composeDefinitions);
        JsonNode fromChart = JSON.readTree(chart.getData().get("definitions.template.json"));

        // Then
        for (String part : List.of("exchanges", "queues", "bindings")) {
            assertThat(sorted(fromCompose.get(part))).as(part).isEqualTo(sorted(fromChart.get(part)));
        }
    }

    @Test
    void theDispatcherUsesTheLocalLauncherAndTheSampleData() {
        // When
        String properties = compose.get("configs").get("dispatcher-properties").get("content").asText();

        // Then
        assertThat(properties).contains("dispatcher.launcher=local",
                "dispatcher.data-sources.penguins.key=samples/penguins.csv");
        assertThat(compose.get("services").get("minio-init").get("command").get(0).asText())
                .contains("/sample/penguins.csv");
        assertThat(Path.of("../data/penguins.csv")).exists();
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(names::add);
        } else if (node.isArray()) {
            node.forEach(element -> names.add(element.asText()));
        }
        return names;
    }

    private static List<String> sorted(JsonNode array) {
        List<String> entries = new ArrayList<>();
        array.forEach(entry -> entries.add(canonical(entry)));
        entries.sort(String::compareTo);
        return entries;
    }

    private static String canonical(JsonNode node) {
        try {
            return JSON.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
                    true).writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
