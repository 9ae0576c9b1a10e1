package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** Every workload of every value set: probes (long-running ones), limits and the secure defaults. */
class WorkloadSecurityTest {

    /** Keycloak rebuilds itself under /opt/keycloak at start; documented in its values. */
    private static final Set<String> WRITABLE_ROOT = Set.of("airlock-keycloak");

    record Workload(String name, PodSpec spec, boolean longRunning) {
    }

    static List<Workload> workloads(List<HasMetadata> resources) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata resource : resources) {
            String name = resource.getMetadata().getName();
            if (resource instanceof Deployment deployment) {
                workloads.add(new Workload(name, spec(deployment.getSpec().getTemplate()), true));
            } else if (resource instanceof StatefulSet statefulSet) {
                workloads.add(new Workload(name, spec(statefulSet.getSpec().getTemplate()), true));
            } else if (resource instanceof Job job) {
                workloads.add(new Workload(name, spec(job.getSpec().getTemplate()), false));
            }
        }
        return workloads;
    }

    private static PodSpec spec(PodTemplateSpec template) {
        return template.getSpec();
    }

    @ParameterizedTest
    @EnumSource(ValueCase.class)
    void everyWorkloadHasProbesLimitsAndTheSecurityContext(ValueCase valueCase) {
        // When
        List<Workload> workloads = workloads(valueCase.resources());

        // Then
        assertThat(workloads).isNotEmpty();
        assertSoftly(softly -> {
            for (Workload workload : workloads) {
                PodSpec pod = workload.spec();
                softly.assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", workload.name())
                        .isTrue();
                softly.assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                        .as("%s seccomp", workload.name()).isEqualTo("RuntimeDefault");
                List<Container> containers = new ArrayList<>(pod.getContainers());
                containers.addAll(pod.getInitContainers());
                for (Container container : containers) {
                    String where = workload.name() + "/" + container.getName();
                    softly.assertThat(container.getResources().getLimits()).as("%s limits", where)
                            .containsKeys("cpu", "memory");
                    softly.assertThat(container.getResources().getRequests()).as("%s requests", where)
                            .containsKeys("cpu", "memory");
                    softly.assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                            .as("%s allowPrivilegeEscalation", where).isFalse();
                    softly.assertThat(container.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", where)
                            .isTrue();
                    softly.assertThat(container.getSecurityContext().getCapabilities().getDrop())
                            .as("%s dropped capabilities", where).containsExactly("ALL");
                    softly.assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                            .as("%s readOnlyRootFilesystem", where)
                            .isEqualTo(!WRITABLE_ROOT.contains(workload.name()));
                }
                if (workload.longRunning()) {
                    for (Container container : pod.getContainers()) {
                        String where = workload.name() + "/" + container.getName();
                        softly.assertThat(container.getLivenessProbe()).as("%s liveness probe", where).isNotNull();
                        softly.assertThat(container.getReadinessProbe()).as("%s readiness probe", where)
                                .isNotNull();
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ValueCase.class)
    void ourServicesProbeQuarkusHealth(ValueCase valueCase) {
        // When
        List<HasMetadata> resources = valueCase.resources();

        // Then
        for (String name : List.of("airlock-hub", "airlock-dispatcher")) {
            Container container = AirlockChart.find(resources, Deployment.class, name).getSpec().getTemplate()
                    .getSpec().getContainers().get(0);
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getPorts().get(0).getContainerPort())
                    .isEqualTo(name.endsWith("hub") ? 8080 : 8081);
        }
    }
}
