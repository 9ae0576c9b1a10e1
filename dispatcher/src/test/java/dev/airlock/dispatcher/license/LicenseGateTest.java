package dev.airlock.dispatcher.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.OutputLocation;
import dev.airlock.common.contract.Requester;
import dev.airlock.common.contract.TaskLimits;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskType;
import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.license.License;
import dev.airlock.common.license.LicenseException;
import dev.airlock.dispatcher.TestLicense;

class LicenseGateTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static License license(String expires) {
        return new License("Example Health", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse(expires),
                new License.Features(List.of("default"), 2, 10, false, false, false));
    }

    static TaskRequest task(ObjectNode modelConfig, Map<String, Object> parameters) {
        String taskId = "0b6f3c52-7d1e-4c2a-9a57-3f1f0e2d4b11";
        return new TaskRequest(Contract.SCHEMA_VERSION, taskId, "demo", TaskType.TRAIN, "penguins", null, null, modelConfig,
                parameters, new OutputLocation("projects/demo/tasks/" + taskId + "/"), new Requester("alice", null),
                new TaskLimits(3600), NOW.instant(), null);
    }

    Map<String, String> written(License license) {
        return TestLicense.write(dir, license);
    }

    LicenseGate load(Map<String, String> settings) {
        return LicenseGate.load(Path.of(settings.get("dispatcher.license.features-file")),
                Path.of(settings.get("dispatcher.license.signature-file")),
                Map.of(TestLicense.KEY_ID, settings.get("dispatcher.license.trusted-keys." + TestLicense.KEY_ID)), NOW);
    }

    @Test
    void aValidLicenseAdmitsTheTasksItCoversAndLowersTheWorkerLimit() {
        // Given
        LicenseGate gate = load(written(license("2027-01-01T00:00:00Z")));

        // When
        var refusal = gate.refusal(task(JsonNodeFactory.instance.objectNode(), Map.of()));

        // Then
        assertThat(refusal).isEmpty();
        assertThat(gate.maxRunningWorkers(4)).isEqualTo(2);
        assertThat(gate.maxRunningWorkers(1)).isEqualTo(1);
    }

    @Test
    void anExpiredLicenseRefusesNewTasks() {
        // Given
        LicenseGate gate = load(written(license("2026-11-01T00:00:00Z")));

        // When
        var refusal = gate.refusal(task(JsonNodeFactory.instance.objectNode(), Map.of()));

        // Then
        assertThat(refusal).contains("the license of Example Health expired at 2026-11-01T00:00:00Z");
    }

    @Test
    void missingFeaturesRefuseTheTasksThatNeedThem() {
        // Given
        LicenseGate gate = load(written(license("2027-01-01T00:00:00Z")));
        ObjectNode marginals = JsonNodeFactory.instance.objectNode().put("synthesizer", "marginals");
        ObjectNode dp = JsonNodeFactory.instance.objectNode();
        dp.putObject("privacy").put("epsilon", 1.0);

        // When / Then
        assertThat(gate.refusal(task(marginals, Map.of())))
                .contains("the license does not include synthesizer 'marginals'");
        assertThat(gate.refusal(task(JsonNodeFactory.instance.objectNode(), Map.of("workerClass", "gpu"))))
                .contains("the license does not include GPU workers");
        assertThat(gate.refusal(task(dp, Map.of()))).contains("the license does not include differential privacy");
    }

    @Test
    void aTamperedLicenseStopsTheStartNamingTheFile() throws Exception {
        // Given
        Map<String, String> settings = written(license("2027-01-01T00:00:00Z"));
        Path features = Path.of(settings.get("dispatcher.license.features-file"));
        Files.writeString(features, Files.readString(features).replace("Example Health", "Example Wealth"));

        // When / Then
        assertThatThrownBy(() -> load(settings)).isInstanceOf(LicenseException.class)
                .hasMessage(features + " does not match its signature in "
                        + settings.get("dispatcher.license.signature-file") + " with key '" + TestLicense.KEY_ID
                        + "': the file was changed or signed with another key");
    }

    @Test
    void aLicenseFromAnUntrustedIssuerStopsTheStart() {
        // Given
        Map<String, String> settings = written(license("2027-01-01T00:00:00Z"));
        String otherKey = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());

        // When / Then
        assertThatThrownBy(() -> LicenseGate.load(Path.of(settings.get("dispatcher.license.features-file")),
                Path.of(settings.get("dispatcher.license.signature-file")), Map.of("someone-else", otherKey), NOW))
                .isInstanceOf(LicenseException.class)
                .hasMessage(settings.get("dispatcher.license.signature-file") + " is signed with unknown key id '"
                        + TestLicense.KEY_ID + "'; trusted: [someone-else]");
    }

    @Test
    void aMissingFileStopsTheStartNamingIt() {
        // Given
        Map<String, String> settings = written(license("2027-01-01T00:00:00Z"));
        Path missing = dir.resolve("nowhere.json");

        // When / Then
        assertThatThrownBy(() -> LicenseGate.load(missing, Path.of(settings.get("dispatcher.license.signature-file")),
                Map.of(TestLicense.KEY_ID, settings.get("dispatcher.license.trusted-keys." + TestLicense.KEY_ID)),
                NOW)).isInstanceOf(LicenseException.class).hasMessage(missing + " does not exist");
    }
}
