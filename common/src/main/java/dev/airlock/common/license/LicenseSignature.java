package dev.airlock.common.license;

/**
 * The contents of {@code features.sig.json}: a detached signature over the exact bytes of {@code features.json}.
 *
 * @param algorithm {@code Ed25519}
 * @param keyId which trusted public key verifies it
 * @param signature the signature, base64
 */
public record LicenseSignature(String algorithm, String keyId, String signature) {
}
