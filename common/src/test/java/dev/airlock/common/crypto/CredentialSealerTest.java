package dev.airlock.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.SealedCredentials;

class CredentialSealerTest {

    private static final String ROOT_KEY = Base64.getEncoder()
            .encodeToString("a test root key of thirty-two by".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_ROOT_KEY = Base64.getEncoder()
            .encodeToString("another zone's root key, 32 byte".getBytes(StandardCharsets.UTF_8));
    private static final String CONTEXT = CredentialSealer.context("demo", "sales", "postgresql");
    private static final Map<String, String> CREDENTIALS = Map.of("username", "reader", "password",
            "canary-5e1f-pässword");

    @Test
    void theZoneOpensWhatWasSealedToItsPublicKey() {
        // Given
        ZoneKeys zone = ZoneKeys.derive(ROOT_KEY);
        SealedCredentials sealed = CredentialSealer.seal(CREDENTIALS,
                ZoneKeys.decodePublic(zone.publicKeyBase64(), "test"), CONTEXT);

        // When
        Map<String, String> opened = CredentialSealer.open(sealed, zone, CONTEXT);

        // Then
        assertThat(opened).isEqualTo(CREDENTIALS);
        assertThat(sealed.keyId()).isEqualTo(zone.keyId());
        assertThat(new String(MessageCodec.encode(sealed), StandardCharsets.UTF_8)).doesNotContain("canary", "reader");
    }

    @Test
    void theSameRootKeyGivesTheSameKeysAndAnotherGivesOthers() {
        // When
        ZoneKeys first = ZoneKeys.derive(ROOT_KEY);
        ZoneKeys again = ZoneKeys.derive(ROOT_KEY);
        ZoneKeys other = ZoneKeys.derive(OTHER_ROOT_KEY);

        // Then
        assertThat(again.publicKeyBase64()).isEqualTo(first.publicKeyBase64());
        assertThat(again.keyId()).isEqualTo(first.keyId()).hasSize(16);
        assertThat(other.publicKeyBase64()).isNotEqualTo(first.publicKeyBase64());
        assertThat(Base64.getDecoder().decode(first.publicKeyBase64())).hasSize(32);
        assertThat(first.toString()).doesNotContain(ROOT_KEY).contains(first.keyId());
    }

    @Test
    void eachSealIsFresh() {
        // Given
        ZoneKeys zone = ZoneKeys.derive(ROOT_KEY);

        // When
        SealedCredentials one = CredentialSealer.seal(CREDENTIALS, zone.publicKey(), CONTEXT);
        SealedCredentials two = CredentialSealer.seal(CREDENTIALS, zone.publicKey(), CONTEXT);

        // Then
        assertThat(one.ephemeralKey()).isNotEqualTo(two.ephemeralKey());
        assertThat(one.ciphertext()).isNotEqualTo(two.ciphertext());
    }

    @Test
    void anotherZoneCannotOpenThem() {
        // Given
        SealedCredentials sealed = CredentialSealer.seal(CREDENTIALS, ZoneKeys.derive(ROOT_KEY).publicKey(), CONTEXT);
        ZoneKeys other = ZoneKeys.derive(OTHER_ROOT_KEY);

        // When / Then
        assertThatThrownBy(() -> CredentialSealer.open(sealed, other, CONTEXT))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("sealed to zone key " + sealed.keyId())
                .hasMessageContaining("enter them again");
    }

    @Test
    void aKeyIdRelabelledToTheZoneStillDoesNotOpen() {
        // Given
        ZoneKeys zone = ZoneKeys.derive(ROOT_KEY);
        SealedCredentials foreign = CredentialSealer.seal(CREDENTIALS, ZoneKeys.derive(OTHER_ROOT_KEY).publicKey(),
                CONTEXT);
        SealedCredentials relabelled = new SealedCredentials(foreign.algorithm(), zone.keyId(),
                foreign.ephemeralKey(), foreign.nonce(), foreign.ciphertext());

        // When / Then
        assertThatThrownBy(() -> CredentialSealer.open(relabelled, zone, CONTEXT))
                .isInstanceOf(CryptoException.class).hasMessageContaining("do not open");
    }

    @Test
    void theyOpenOnlyForTheDataSourceTheyWereSealedFor() {
        // Given
        ZoneKeys zone = ZoneKeys.derive(ROOT_KEY);
        SealedCredentials sealed = CredentialSealer.seal(CREDENTIALS, zone.publicKey(), CONTEXT);

        // When / Then
        assertThatThrownBy(() -> CredentialSealer.open(sealed, zone,
                CredentialSealer.context("other-project", "sales", "postgresql")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("sealed for another data source");
    }

    @Test
    void aChangedCiphertextDoesNotOpen() {
        // Given
        ZoneKeys zone = ZoneKeys.derive(ROOT_KEY);
        SealedCredentials sealed = CredentialSealer.seal(CREDENTIALS, zone.publicKey(), CONTEXT);
        byte[] ciphertext = Base64.getDecoder().decode(sealed.ciphertext());
        ciphertext[0] ^= 1;
        SealedCredentials tampered = new SealedCredentials(sealed.algorithm(), sealed.keyId(), sealed.ephemeralKey(),
                sealed.nonce(), Base64.getEncoder().encodeToString(ciphertext));

        // When / Then
        assertThatThrownBy(() -> CredentialSealer.open(tampered, zone, CONTEXT))
                .isInstanceOf(CryptoException.class).hasMessageContaining("were changed");
    }

    @Test
    void aMissingShortOrMalformedRootKeyNamesTheVariable() {
        // When / Then
        assertThatThrownBy(() -> ZoneKeys.derive(null)).hasMessageStartingWith("AIRLOCK_DS_ROOT_KEY is not set");
        assertThatThrownBy(() -> ZoneKeys.derive("not base64!")).hasMessage("AIRLOCK_DS_ROOT_KEY is not base64");
        assertThatThrownBy(() -> ZoneKeys.derive(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessage("AIRLOCK_DS_ROOT_KEY has 16 bytes, fewer than 32");
    }

    @Test
    void publicKeysFollowRfc7748() throws Exception {
        // Given: the RFC's test vector (section 6.1, Alice)
        byte[] scalar = HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        PrivateKey alice = KeyFactory.getInstance("XDH")
                .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        byte[] basePoint = new byte[32];
        basePoint[0] = 9;

        // When
        byte[] alicePublic = ZoneKeys.agree(alice, ZoneKeys.publicKey(basePoint));

        // Then
        assertThat(HexFormat.of().formatHex(alicePublic))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(ZoneKeys.raw(ZoneKeys.publicKey(alicePublic))).isEqualTo(alicePublic);
    }

    @Test
    void aPublicKeyOfTheWrongLengthIsRefused() {
        // When / Then
        assertThatThrownBy(() -> ZoneKeys.decodePublic(Base64.getEncoder().encodeToString(new byte[31]), "zone key"))
                .hasMessage("zone key is not a base64 X25519 public key (31 bytes, not 32)");
    }
}
