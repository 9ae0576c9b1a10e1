package dev.airlock.dispatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.license.License;
import dev.airlock.common.license.LicenseSigner;

/** A license for dispatcher tests, signed with a key pair made for the run. */
public final class TestLicense {

    /** The issuer of test licenses. */
    public static final KeyPair ISSUER = Ed25519Keys.generate();
    /** Its key id. */
    public static final String KEY_ID = "test-license-1";

    private TestLicense() {
    }

    /** @return a license valid for a week: the default synthesizer, workers limited by the configuration, no GPU, no DP */
    public static License valid() {
        return new License("Airlock tests", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(7)), new License.Features(List.of("default"), 100_000, 100_000, false,
                        false, false));
    }

    /**
     * @param dir where the files go
     * @param license the license
     * @return the dispatcher settings naming the files and trusting the test issuer
     */
    public static Map<String, String> write(Path dir, License license) {
        try {
            byte[] features = LicenseSigner.encode(license);
            Path featuresFile = Files.write(dir.resolve("features.json"), features);
            Path signatureFile = Files.write(dir.resolve("features.sig.json"),
                    LicenseSigner.sign(features, ISSUER.getPrivate(), KEY_ID));
            return Map.of("dispatcher.license.features-file", featuresFile.toString(),
                    "dispatcher.license.signature-file", signatureFile.toString(),
                    "dispatcher.license.trusted-keys." + KEY_ID, Ed25519Keys.encode(ISSUER.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
