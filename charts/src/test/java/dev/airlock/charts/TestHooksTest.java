package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The helm test hooks. helm-java's template drops hooks the way {@code helm template --skip-tests} drops test hooks,
 * so the hooks are rendered from a copy of the chart whose test annotation is renamed: every resource that appears
 * only then is a test hook, and it is checked like any other manifest.
 */
class TestHooksTest {

    private static final String HOOK = "helm.sh/hook: test";
    private static final String RENAMED = "airlock.dev/renamed-hook: test";

    @TempDir
    static Path copies;

    private static List<HasMetadata> hooks;

    @BeforeAll
    static void renderHooks() throws IOException {
        Path copy = copies.resolve("airlock");
        try (Stream<Path> files = Files.walk(AirlockChart.CHART)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(AirlockChart.CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path helpers = copy.resolve("templates/_helpers.tpl");
        String text = Files.readString(helpers);
        assertThat(text).contains(HOOK);
        Files.writeString(helpers, text.replace(HOOK, RENAMED));
        hooks = AirlockChart.chart(copy).withValues("defaults").withLicense().render().stream()
                .filter(resource -> resource.getMetadata().getAnnotations() != null)
                .filter(resource -> resource.getMetadata().getAnnotations().containsKey("airlock.dev/renamed-hook"))
                .toList();
    }

    @Test
    void templateWithoutHooksHasNoTestResource() {
        // When
        List<HasMetadata> resources = ValueCase.DEFAULTS.resources();

        // Then
        assertThat(resources).noneMatch(resource -> resource.getMetadata().getAnnotations() != null
                && resource.getMetadata().getAnnotations().containsKey("helm.sh/hook"));
        assertThat(resources).extracting(resource -> resource.getMetadata().getName())
                .noneMatch(name -> name.startsWith("airlock-test-"));
    }

    @Test
    void everyTemplateUnderTestsIsATestHook() throws IOException {
        // When
        List<String> names;
        try (Stream<Path> files = Files.list(AirlockChart.CHART.resolve("templates/tests"))) {
            names = files.map(file -> file.getFileName().toString()).sorted().toList();
        }

        // Then
        assertThat(names).containsExactly("dispatcher-rbac.yaml", "dispatcher-ready.yaml", "hub-ready.yaml",
                "rabbitmq-queues.yaml", "train-task-configmap.yaml", "train-task.yaml");
        assertThat(hooks).extracting(hook -> hook.getKind() + "/" + hook.getMetadata().getName())
                .containsExactlyInAnyOrder("Pod/airlock-test-hub-ready", "Pod/airlock-test-dispatcher-ready",
                        "Pod/airlock-test-dispatcher-rbac", "Pod/airlock-test-rabbitmq-queues",
                        "Pod/airlock-test-train-task", "ConfigMap/airlock-test-train-task");
    }

    @Test
    void hubAndDispatcherTestsProbeReadiness() {
        // When
        Container hub = container("airlock-test-hub-ready");
        Container dispatcher = container("airlock-test-dispatcher-ready");

        // Then
        assertThat(hub.getCommand()).last().isEqualTo("http://airlock-hub:8080/q/health/ready");
        assertThat(dispatcher.getCommand()).last().isEqualTo("http://airlock-dispatcher:8081/q/health/ready");
    }

    @Test
    void rbacTestAsksAsTheDispatcherWhetherItMayCreateJobs() {
        // When
        Pod pod = pod("airlock-test-dispatcher-rbac");

        // Then
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("airlock-dispatcher");
        assertThat(pod.getSpec().getContainers()).extracting(Container::getCommand)
                .contains(List.of("kubectl", "auth", "can-i", "create", "jobs.batch", "--namespace", "airlock"));
    }

    @Test
    void rabbitmqTestChecksEveryQueueOfOurTopology() {
        // When
        String script = String.join("\n", container("airlock-test-rabbitmq-queues").getCommand());

        // Then
        assertThat(script).contains("airlock.tasks.default airlock.status.hub", "\"$queue.dlq\"",
                "\"type\":\"quorum\"", "\"x-delivery-limit\":5", "\"x-dead-letter-exchange\":\"airlock.dlx\"");
    }

    @Test
    void trainTestUploadsTheTenRowSampleAndWaitsForCompletion() {
        // When
        Pod pod = pod("airlock-test-train-task");
        ConfigMap sample = (ConfigMap) hooks.stream()
                .filter(hook -> hook instanceof ConfigMap && hook.getMetadata().getName().equals("airlock-test-train-task"))
                .findFirst().orElseThrow();

        // Then
        assertThat(sample.getData().get("ten-rows.csv").lines()).hasSize(11);
        assertThat(sample.getData().get("ten-rows.csv")).startsWith("Species,Island,");
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("SOURCE_OBJECT");
            assertThat(env.getValue()).isEqualTo("airlock-source/helm-test/ten-rows.csv");
        });
        assertThat(String.join("\n", container.getCommand()))
                .contains("/api/projects/helm-test/tasks", "\\\"type\\\":\\\"train\\\"", "completed)");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("helm.sh/hook-weight", "1");
    }

    @Test
    void testPodsRunLockedDown() {
        // When
        List<Pod> pods = hooks.stream().filter(Pod.class::isInstance).map(Pod.class::cast).toList();

        // Then
        assertThat(pods).hasSize(5).allSatisfy(pod -> {
            assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "helm-test");
            assertThat(AirlockChart.unknownFields(pod)).isEmpty();
            assertThat(pod.getSpec().getContainers()).allSatisfy(container -> {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
            });
        });
    }

    private static Pod pod(String name) {
        return hooks.stream().filter(Pod.class::isInstance).map(Pod.class::cast)
                .filter(pod -> pod.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no test pod " + name));
    }

    private static Container container(String name) {
        return pod(name).getSpec().getContainers().get(0);
    }
}
