package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** The definitions RabbitMQ imports at boot declare exactly what common's Topology declares (ARCHITECTURE §3). */
class RabbitmqDefinitionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void declaresOurExchangesAndQuorumQueuesWithDeadLetters() throws IOException {
        // When
        JsonNode definitions = definitions();

        // Then
        assertThat(names(definitions.get("exchanges"))).containsExactlyInAnyOrder("airlock.tasks", "airlock.status",
                "airlock.dlx");
        definitions.get("exchanges").forEach(exchange -> {
            assertThat(exchange.path("type").asText()).isEqualTo("direct");
            assertThat(exchange.path("durable").asBoolean()).isTrue();
        });
        assertThat(names(definitions.get("queues"))).containsExactlyInAnyOrder("airlock.tasks.default",
                "airlock.tasks.default.dlq", "airlock.status.hub", "airlock.status.hub.dlq");
        for (String queue : List.of("airlock.tasks.default", "airlock.status.hub")) {
            JsonNode arguments = queue(definitions, queue).get("arguments");
            assertThat(arguments.path("x-queue-type").asText()).isEqualTo("quorum");
            assertThat(arguments.path("x-delivery-limit").asInt()).isEqualTo(5);
            assertThat(arguments.path("x-dead-letter-exchange").asText()).isEqualTo("airlock.dlx");
            assertThat(arguments.path("x-dead-letter-routing-key").asText()).isEqualTo(queue + ".dlq");
            assertThat(queue(definitions, queue + ".dlq").path("arguments").path("x-queue-type").asText())
                    .isEqualTo("quorum");
        }
        assertThat(bindings(definitions)).containsExactlyInAnyOrder(
                "airlock.tasks -[default]-> airlock.tasks.default",
                "airlock.status -[hub]-> airlock.status.hub",
                "airlock.dlx -[airlock.tasks.default.dlq]-> airlock.tasks.default.dlq",
                "airlock.dlx -[airlock.status.hub.dlq]-> airlock.status.hub.dlq");
    }

    @Test
    void passwordsAreFilledInAtStartNotRendered() throws IOException {
        // When
        JsonNode users = definitions().get("users");

        // Then
        assertThat(users).extracting(user -> user.path("name").asText() + ":" + user.path("password").asText())
                .containsExactlyInAnyOrder("airlock:__RABBITMQ_PASSWORD__", "admin:__RABBITMQ_ADMIN_PASSWORD__");
    }

    private static JsonNode definitions() throws IOException {
        ConfigMap configMap = AirlockChart.find(ValueCase.DEFAULTS.resources(), ConfigMap.class, "airlock-rabbitmq");
        assertThat(configMap.getData().get("rabbitmq.conf"))
                .contains("load_definitions = /var/lib/rabbitmq/airlock/definitions.json");
        return JSON.readTree(configMap.getData().get("definitions.template.json"));
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.path("name").asText()));
        return names;
    }

    private static JsonNode queue(JsonNode definitions, String name) {
        for (JsonNode queue : definitions.get("queues")) {
            if (queue.path("name").asText().equals(name)) {
                return queue;
            }
        }
        throw new AssertionError("no queue " + name);
    }

    private static List<String> bindings(JsonNode definitions) {
        List<String> bindings = new ArrayList<>();
        definitions.get("bindings").forEach(binding -> bindings.add(binding.path("source").asText() + " -["
                + binding.path("routing_key").asText() + "]-> " + binding.path("destination").asText()));
        return bindings;
    }
}
