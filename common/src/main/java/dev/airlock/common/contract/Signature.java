package dev.airlock.common.contract;

/**
 * A detached signature over the canonical JSON of a message without its {@code signature} field.
 *
 * @param algorithm {@code Ed25519}
 * @param keyId which of the verifier's trusted keys to use
 * @param value the signature, base64
 */
public record Signature(String algorithm, String keyId, String value) {
}
