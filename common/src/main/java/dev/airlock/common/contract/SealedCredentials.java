package dev.airlock.common.contract;

/**
 * A data source's credentials sealed to a zone's X25519 public key: only the zone's private key opens them. The hub
 * stores and forwards this and nothing else; see {@code dev.airlock.common.crypto.CredentialSealer}.
 *
 * @param algorithm {@link #ALGORITHM}
 * @param keyId the fingerprint of the zone key it was sealed to
 * @param ephemeralKey the sender's one-time X25519 public key, raw 32 bytes, base64
 * @param nonce the AES-GCM nonce, 12 bytes, base64
 * @param ciphertext the AES-256-GCM ciphertext with its tag, base64
 */
public record SealedCredentials(String algorithm, String keyId, String ephemeralKey, String nonce,
        String ciphertext) {

    /** X25519 key agreement, HKDF-SHA-256, AES-256-GCM. */
    public static final String ALGORITHM = "X25519-HKDF-SHA256-A256GCM";

    @Override
    public String toString() {
        return "SealedCredentials[keyId=" + keyId + "]";
    }
}
