package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Every rendered manifest is a known Kubernetes kind: fabric8 parses it into its typed model. */
class TypedModelTest {

    @ParameterizedTest
    @EnumSource(ValueCase.class)
    void everyManifestParsesIntoTheTypedModel(ValueCase valueCase) {
        // When
        List<HasMetadata> resources = valueCase.resources();

        // Then
        assertThat(resources).hasSameSizeAs(AirlockChart.documents(valueCase.manifests()));
        assertThat(resources).allSatisfy(resource -> {
            assertThat(resource).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(resource.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?").hasSizeLessThan(64);
            assertThat(resource.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "airlock");
        });
        assertThat(resources).extracting(resource -> resource.getKind() + "/" + resource.getMetadata().getName())
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(ValueCase.class)
    void noManifestHasAFieldTheModelDoesNotKnow(ValueCase valueCase) {
        // Given
        List<String> unknown = new ArrayList<>();

        // When
        for (HasMetadata resource : valueCase.resources()) {
            unknown.addAll(AirlockChart.unknownFields(resource));
        }

        // Then
        assertThat(unknown).as("fields fabric8 kept as additionalProperties (misspelt or misplaced)").isEmpty();
    }
}
