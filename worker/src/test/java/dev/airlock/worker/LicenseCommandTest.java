package dev.airlock.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.license.License;
import dev.airlock.common.license.LicenseVerifier;

/** {@code license keygen} prints a key pair whose public half verifies what {@code license sign} signs. */
class LicenseCommandTest {

    @Test
    void keygenPrintsAPairThatVerifiesASignedLicense(@TempDir Path dir) throws Exception {
        // Given
        StringWriter out = new StringWriter();
        int exit = WorkerCommand.commandLine().setOut(new PrintWriter(out)).execute("license", "keygen", "--key-id",
                "issuer-1");
        String[] lines = out.toString().strip().split("\\R");
        String privateKey = lines[0].substring("AIRLOCK_LICENSE_SIGNING_KEY=".length());
        String publicKey = lines[1].substring("dispatcher.license.trusted-keys.issuer-1=".length());
        Path features = Files.writeString(dir.resolve("features.json"), """
                {"licensee": "Example Health", "issued": "2026-01-01T00:00:00Z", "expires": "2027-01-01T00:00:00Z",
                 "features": {"synthesizers": ["default"], "maxRunningWorkers": 4, "maxQueuedTasks": 10,
                              "gpu": false, "differentialPrivacy": false, "multiTable": false}}
                """);

        Path keyFile = Files.writeString(dir.resolve("issuer.key"), privateKey);

        // When
        int signed = WorkerCommand.commandLine().setOut(new PrintWriter(new StringWriter())).execute("license", "sign",
                "--features", features.toString(), "--key-id", "issuer-1", "--key-file", keyFile.toString());

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.OK);
        assertThat(signed).isEqualTo(WorkerExitCode.OK);
        byte[] signature = Files.readAllBytes(dir.resolve("features.sig.json"));
        License license = new LicenseVerifier(Map.of("issuer-1", Ed25519Keys.decodePublic(publicKey, "test")))
                .verify(Files.readAllBytes(features), "features.json", signature, "features.sig.json");
        assertThat(license.features().maxRunningWorkers()).isEqualTo(4);
    }

    @Test
    void signWithoutAKeyExitsWithInvalidInputNamingTheVariable(@TempDir Path dir) throws Exception {
        // Given
        StringWriter err = new StringWriter();
        Path features = Files.writeString(dir.resolve("features.json"), "{}");

        // When
        int exit = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("license", "sign", "--features",
                features.toString(), "--key-id", "issuer-1");

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(err.toString()).contains("AIRLOCK_LICENSE_SIGNING_KEY is not set");
        assertThat(dir.resolve("features.sig.json")).doesNotExist();
    }
}
