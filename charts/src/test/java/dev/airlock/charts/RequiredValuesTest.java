package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A missing or contradictory required value stops rendering with a message that says what to set. */
class RequiredValuesTest {

    @Test
    void withoutALicenseRenderingFailsNamingTheSetFileFlags() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults").failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("the dispatcher's license is required")
                .contains("--set-file dispatcher.featuresJson=features.json")
                .contains("--set-file dispatcher.featuresSigJson=features.sig.json"));
    }

    @Test
    void withOnlyOneLicenseFileRenderingFails() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults")
                .setFile("dispatcher.featuresJson", AirlockChart.LICENSE.resolve("features.json")).failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("the dispatcher's license needs both files"));
    }

    @Test
    void inlineEncryptionKeysAndAnExistingSecretTogetherFail() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults").withLicense()
                .set("dispatcher.encryption.dsRootKey", "c2VjcmV0LXJvb3Qta2V5LWF0LWxlYXN0LTMyLWJ5dGVzIQ==")
                .set("dispatcher.encryption.analysisEncryptionKey", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
                .failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("dispatcher.encryption: set either")
                .contains("dispatcher.encryption.existingSecret")
                .contains("not both"));
    }

    @Test
    void anInlineLicenseAndAnExistingLicenseSecretTogetherFail() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults").withLicense()
                .set("dispatcher.license.existingSecret", "airlock-license").failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("set either dispatcher.featuresJson/featuresSigJson or dispatcher.license.existingSecret"));
    }

    @Test
    void postgresqlOffWithoutAnExternalDatabaseFails() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults").withLicense()
                .set("postgresql.enabled", false).failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("postgresql.enabled=false needs an external database for the hub")
                .contains("global.externalDatabase.host"));
    }

    @Test
    void anExternalDatabaseWithoutItsSecretFails() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults").withLicense()
                .set("postgresql.enabled", false).set("global.externalDatabase.host", "db.example.com").failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("global.externalDatabase.existingSecret is required"));
    }

    @Test
    void rabbitmqOffWithoutAnExternalBrokerFails() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults").withLicense()
                .set("rabbitmq.enabled", false).failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("rabbitmq.enabled=false needs an external broker"));
    }

    @Test
    void withoutTheHubsSigningKeyRenderingFails() {
        // When
        Optional<String> failure = AirlockChart.chart().withLicense()
                .set("dispatcher.taskSigning.publicKey", "cHVibGlj").failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("hub.taskSigning is required")
                .contains("hub.taskSigning.existingSecret"));
    }

    @Test
    void authOnWithoutKeycloakOrAnExternalProviderFails() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults").withLicense()
                .set("keycloak.enabled", false).failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("needs an external OIDC provider"));
    }

    @Test
    void aValueOutsideTheSchemaFails() {
        // When
        Optional<String> failure = AirlockChart.chart().withValues("defaults").withLicense()
                .set("dispatcher.maxRunningWorkers", 0).set("hub.limits.maxDuration", "forever").failure();

        // Then
        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("/maxRunningWorkers")
                .contains("/limits/maxDuration"));
    }
}
