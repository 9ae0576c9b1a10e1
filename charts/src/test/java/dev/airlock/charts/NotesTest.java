package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;

/** NOTES.txt, as a client-only dry-run install prints it: one screen, how to reach the hub and read credentials. */
class NotesTest {

    @Test
    void notesFitOneScreenAndSayHowToReachTheHub() {
        // When
        Release release = new Helm(AirlockChart.CHART).install().withName(AirlockChart.RELEASE)
                .withNamespace(AirlockChart.NAMESPACE).dryRun().withDryRunOption(DryRun.CLIENT).clientOnly()
                .withValuesFile(AirlockChart.VALUES.resolve("defaults.yaml"))
                .setFile("dispatcher.featuresJson", AirlockChart.LICENSE.resolve("features.json"))
                .setFile("dispatcher.featuresSigJson", AirlockChart.LICENSE.resolve("features.sig.json"))
                .call();

        // Then
        String notes = release.getOutput().substring(release.getOutput().indexOf("NOTES:"));
        assertThat(notes.lines().count()).isLessThanOrEqualTo(30);
        assertThat(notes).contains("kubectl -n airlock port-forward svc/airlock-nginx 8080:80",
                "get secret airlock-keycloak -o jsonpath='{.data.admin-password}'",
                "helm test airlock -n airlock",
                "WARNING: the dispatcher starts only once Secret airlock-encryption-config exists");
        assertThat(notes.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
    }
}
