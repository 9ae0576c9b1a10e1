package dev.airlock.common.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.airlock.common.crypto.Ed25519Keys;

class LicenseVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final KeyPair ISSUER = Ed25519Keys.generate();
    static final LicenseVerifier VERIFIER = new LicenseVerifier(Map.of("issuer-1", ISSUER.getPublic()));

    static License license(Instant expires, boolean gpu) {
        return new License("Example Health", Instant.parse("2026-01-01T00:00:00Z"), expires,
                new License.Features(List.of("default"), 2, 10, gpu, false, false));
    }

    @Test
    void aValidLicenseVerifiesAndAllowsWhatItLists() {
        // Given
        byte[] features = LicenseSigner.encode(license(Instant.parse("2027-01-01T00:00:00Z"), false));
        byte[] signature = LicenseSigner.sign(features, ISSUER.getPrivate(), "issuer-1");

        // When
        License license = VERIFIER.verify(features, "features.json", signature, "features.sig.json");

        // Then
        assertThat(license.licensee()).isEqualTo("Example Health");
        assertThat(license.features().maxRunningWorkers()).isEqualTo(2);
        assertThat(license.refusal("default", false, false, NOW)).isEmpty();
    }

    @Test
    void anExpiredLicenseVerifiesButRefusesNewTasks() {
        // Given
        byte[] features = LicenseSigner.encode(license(Instant.parse("2026-11-01T00:00:00Z"), false));
        License license = VERIFIER.verify(features, "features.json",
                LicenseSigner.sign(features, ISSUER.getPrivate(), "issuer-1"), "features.sig.json");

        // When
        var refusal = license.refusal("default", false, false, NOW);

        // Then
        assertThat(refusal).contains("the license of Example Health expired at 2026-11-01T00:00:00Z");
    }

    @Test
    void aTamperedFileIsRefusedNamingTheFile() {
        // Given
        byte[] features = LicenseSigner.encode(license(Instant.parse("2027-01-01T00:00:00Z"), false));
        byte[] signature = LicenseSigner.sign(features, ISSUER.getPrivate(), "issuer-1");
        byte[] tampered = new String(features, StandardCharsets.UTF_8).replace("\"maxRunningWorkers\" : 2",
                "\"maxRunningWorkers\" : 200").getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThat(tampered).isNotEqualTo(features);
        assertThatThrownBy(() -> VERIFIER.verify(tampered, "features.json", signature, "features.sig.json"))
                .isInstanceOf(LicenseException.class)
                .hasMessage("features.json does not match its signature in features.sig.json with key 'issuer-1': "
                        + "the file was changed or signed with another key");
    }

    @Test
    void aLicenseSignedWithAnotherKeyUnderATrustedIdIsRefused() {
        // Given
        byte[] features = LicenseSigner.encode(license(Instant.parse("2027-01-01T00:00:00Z"), false));
        byte[] forged = LicenseSigner.sign(features, Ed25519Keys.generate().getPrivate(), "issuer-1");

        // When / Then
        assertThatThrownBy(() -> VERIFIER.verify(features, "features.json", forged, "features.sig.json"))
                .isInstanceOf(LicenseException.class).hasMessageStartingWith("features.json does not match");
    }

    @Test
    void aLicenseSignedWithAnUnknownKeyIsRefusedNamingTheKey() {
        // Given
        byte[] features = LicenseSigner.encode(license(Instant.parse("2027-01-01T00:00:00Z"), false));
        byte[] signature = LicenseSigner.sign(features, Ed25519Keys.generate().getPrivate(), "someone-else");

        // When / Then
        assertThatThrownBy(() -> VERIFIER.verify(features, "features.json", signature, "features.sig.json"))
                .isInstanceOf(LicenseException.class)
                .hasMessage("features.sig.json is signed with unknown key id 'someone-else'; trusted: [issuer-1]");
    }

    @Test
    void aMissingFeatureRefusesTheTaskNamingIt() {
        // Given
        License license = license(Instant.parse("2027-01-01T00:00:00Z"), false);

        // When / Then
        assertThat(license.refusal("marginals", false, false, NOW))
                .contains("the license does not include synthesizer 'marginals'");
        assertThat(license.refusal("default", true, false, NOW)).contains("the license does not include GPU workers");
        assertThat(license.refusal("default", false, true, NOW))
                .contains("the license does not include differential privacy");
    }
}
