package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/** The secure zone's pods take no connection from the control side. */
class NetworkPolicyTest {

    private static final Map<String, String> WORKER = Map.of("app.kubernetes.io/name", "airlock-worker",
            "app.kubernetes.io/instance", "airlock", "app.kubernetes.io/component", "worker",
            "app.kubernetes.io/part-of", "airlock");

    @Test
    void theDispatcherAdmitsNeitherTheHubNorNginx() {
        // Given
        List<HasMetadata> resources = ValueCase.DEFAULTS.resources();
        NetworkPolicy dispatcher = AirlockChart.find(resources, NetworkPolicy.class, "airlock-dispatcher");

        // When
        List<NetworkPolicyPeer> peers = dispatcher.getSpec().getIngress().stream()
                .flatMap(rule -> rule.getFrom().stream()).toList();

        // Then
        assertThat(selects(dispatcher.getSpec().getPodSelector(), podLabels(resources, "airlock-dispatcher"))).isTrue();
        for (String control : List.of("airlock-hub", "airlock-nginx", "airlock-keycloak")) {
            Map<String, String> labels = podLabels(resources, control);
            assertThat(peers).as("peers admitting %s", control)
                    .noneMatch(peer -> peer.getPodSelector() != null && selects(peer.getPodSelector(), labels));
        }
        assertThat(peers).allMatch(peer -> peer.getNamespaceSelector() == null);
    }

    @Test
    void workerPodsAdmitNothing() {
        // When
        NetworkPolicy workers = AirlockChart.find(ValueCase.DEFAULTS.resources(), NetworkPolicy.class,
                "airlock-dispatcher-workers");

        // Then
        assertThat(selects(workers.getSpec().getPodSelector(), WORKER)).isTrue();
        assertThat(workers.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(workers.getSpec().getIngress()).isEmpty();
    }

    @Test
    void everyPodOfTheReleaseIsCoveredByAPolicy() {
        // Given
        List<HasMetadata> resources = ValueCase.DEFAULTS.resources();
        List<NetworkPolicy> policies = AirlockChart.all(resources, NetworkPolicy.class);

        // When
        List<String> uncovered = AirlockChart.all(resources, Deployment.class).stream()
                .filter(deployment -> policies.stream().noneMatch(policy -> selects(policy.getSpec().getPodSelector(),
                        deployment.getSpec().getTemplate().getMetadata().getLabels())))
                .map(deployment -> deployment.getMetadata().getName()).toList();

        // Then
        assertThat(uncovered).isEmpty();
    }

    private static Map<String, String> podLabels(List<HasMetadata> resources, String deployment) {
        return AirlockChart.find(resources, Deployment.class, deployment).getSpec().getTemplate().getMetadata()
                .getLabels();
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector.getMatchExpressions().isEmpty()
                && selector.getMatchLabels().entrySet().stream()
                        .allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
    }
}
