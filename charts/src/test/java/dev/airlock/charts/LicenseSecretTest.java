package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The license files passed with --set-file land, byte for byte, in a Secret the dispatcher mounts. */
class LicenseSecretTest {

    @Test
    void licenseFilesLandInASecretMountedByTheDispatcher() {
        // When
        List<HasMetadata> resources = ValueCase.DEFAULTS.resources();

        // Then
        Secret license = AirlockChart.find(resources, Secret.class, "airlock-dispatcher-license");
        assertThat(decode(license.getData().get("features.json")))
                .isEqualTo(AirlockChart.read(AirlockChart.LICENSE.resolve("features.json")));
        assertThat(decode(license.getData().get("features.sig.json")))
                .isEqualTo(AirlockChart.read(AirlockChart.LICENSE.resolve("features.sig.json")));
        assertThat(licenseVolume(resources).getSecret().getSecretName()).isEqualTo("airlock-dispatcher-license");
        assertThat(licenseMount(resources).getMountPath()).isEqualTo("/deployments/license");
        assertThat(licenseMount(resources).getReadOnly()).isTrue();
        assertThat(licenseVolume(resources).getSecret().getItems())
                .extracting(item -> item.getKey() + "->" + item.getPath())
                .containsExactly("features.json->features.json", "features.sig.json->features.sig.json");
    }

    @Test
    void anExistingLicenseSecretIsMountedInsteadOfOneFromTheFiles() {
        // When
        List<HasMetadata> resources = ValueCase.EXISTING_SECRETS.resources();

        // Then
        assertThat(AirlockChart.all(resources, Secret.class))
                .extracting(secret -> secret.getMetadata().getName())
                .doesNotContain("airlock-dispatcher-license");
        assertThat(licenseVolume(resources).getSecret().getSecretName()).isEqualTo("airlock-license");
    }

    private static PodSpec dispatcherPod(List<HasMetadata> resources) {
        return AirlockChart.find(resources, Deployment.class, "airlock-dispatcher").getSpec().getTemplate().getSpec();
    }

    private static Volume licenseVolume(List<HasMetadata> resources) {
        return dispatcherPod(resources).getVolumes().stream().filter(volume -> volume.getName().equals("license"))
                .findFirst().orElseThrow();
    }

    private static VolumeMount licenseMount(List<HasMetadata> resources) {
        return dispatcherPod(resources).getContainers().get(0).getVolumeMounts().stream()
                .filter(mount -> mount.getName().equals("license")).findFirst().orElseThrow();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
