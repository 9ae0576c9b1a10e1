package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** Prometheus Operator users get a ServiceMonitor per service when they ask for one, and nothing otherwise. */
class ServiceMonitorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void enabledServiceMonitorsScrapeEachServicesHttpPortAtQMetrics() {
        // When
        List<HasMetadata> resources = ValueCase.DEFAULTS.chart()
                .set("hub.metrics.serviceMonitor.enabled", true)
                .set("dispatcher.metrics.serviceMonitor.enabled", true)
                .set("dispatcher.metrics.serviceMonitor.labels.release", "prometheus")
                .render();

        // Then
        for (String name : List.of("airlock-hub", "airlock-dispatcher")) {
            JsonNode monitor = JSON.valueToTree(serviceMonitor(resources, name));
            Service service = AirlockChart.find(resources, Service.class, name);
            assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
            JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
            assertThat(endpoint.path("port").asText()).isEqualTo("http");
            assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
            assertThat(endpoint.path("interval").asText()).isEqualTo("30s");
            assertThat(service.getSpec().getPorts()).anyMatch(port -> port.getName().equals("http"));
            Map<String, String> selector = JSON.convertValue(monitor.path("spec").path("selector").path("matchLabels"),
                    JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
            assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
            assertThat(monitor.path("spec").path("namespaceSelector").path("matchNames").get(0).asText())
                    .isEqualTo(AirlockChart.NAMESPACE);
        }
        assertThat(serviceMonitor(resources, "airlock-dispatcher").getMetadata().getLabels())
                .containsEntry("release", "prometheus");
    }

    @Test
    void noServiceMonitorByDefault() {
        // When
        List<HasMetadata> resources = ValueCase.DEFAULTS.resources();

        // Then
        assertThat(resources).noneMatch(resource -> resource.getKind().equals("ServiceMonitor"));
    }

    @Test
    void aNamedMonitoringNamespaceMayReachTheHub() {
        // When
        NetworkPolicy hub = AirlockChart.find(ValueCase.DEFAULTS.chart()
                .set("hub.networkPolicy.metricsNamespaceSelector.matchLabels.name", "monitoring").render(),
                NetworkPolicy.class, "airlock-hub");

        // Then
        assertThat(hub.getSpec().getIngress()).flatExtracting(rule -> rule.getFrom())
                .anyMatch(peer -> peer.getNamespaceSelector() != null
                        && Map.of("name", "monitoring").equals(peer.getNamespaceSelector().getMatchLabels()));
    }

    private static GenericKubernetesResource serviceMonitor(List<HasMetadata> resources, String name) {
        return AirlockChart.all(resources, GenericKubernetesResource.class).stream()
                .filter(resource -> resource.getKind().equals("ServiceMonitor"))
                .filter(resource -> resource.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ServiceMonitor " + name + " in the render"));
    }
}
