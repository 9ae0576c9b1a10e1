package dev.airlock.common.crypto;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.airlock.common.contract.MessageCodec;

/**
 * The dispatcher's side: accepts a signed message only when its signature verifies with a trusted key over the bytes as
 * they arrived and it is not older than the allowed age.
 */
public final class MessageVerifier {

    private final Map<String, PublicKey> trustedKeys;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param trustedKeys public keys by key id
     * @param maxAge how old a message may be ({@code issuedAt} to now)
     * @param clock the clock
     */
    public MessageVerifier(Map<String, PublicKey> trustedKeys, Duration maxAge, Clock clock) {
        this.trustedKeys = Map.copyOf(trustedKeys);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * @param tree the message as received (see {@link MessageCodec#readTree})
     * @param typeName the record name, for messages
     * @throws SignatureException naming why the message is refused
     */
    public void verify(ObjectNode tree, String typeName) {
        JsonNode signature = tree.get("signature");
        if (signature == null || !signature.isObject()) {
            throw new SignatureException(typeName + " is not signed");
        }
        String algorithm = signature.path("algorithm").asText();
        if (!Ed25519Keys.ALGORITHM.equals(algorithm)) {
            throw new SignatureException(typeName + " is signed with unsupported algorithm '" + algorithm + "'");
        }
        String keyId = signature.path("keyId").asText();
        PublicKey key = trustedKeys.get(keyId);
        if (key == null) {
            throw new SignatureException(typeName + " is signed with unknown key id '" + keyId + "'");
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(signature.path("value").asText());
        } catch (IllegalArgumentException e) {
            throw new SignatureException(typeName + " signature is not base64");
        }
        try {
            java.security.Signature verifier = java.security.Signature.getInstance(Ed25519Keys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(MessageCodec.canonicalBytes(tree));
            if (!verifier.verify(value)) {
                throw new SignatureException(typeName + " signature does not verify with key '" + keyId + "'");
            }
        } catch (GeneralSecurityException e) {
            throw new SignatureException(typeName + " signature does not verify with key '" + keyId + "'");
        }
        Instant issuedAt;
        try {
            issuedAt = Instant.parse(tree.path("issuedAt").asText());
        } catch (RuntimeException e) {
            throw new SignatureException(typeName + " has no valid issuedAt");
        }
        Instant now = clock.instant();
        if (issuedAt.plus(maxAge).isBefore(now)) {
            throw new StaleMessageException(typeName + " is stale: issued " + Duration.between(issuedAt, now).toSeconds()
                    + " s ago, the limit is " + maxAge.toSeconds() + " s");
        }
    }
}
