package dev.airlock.common.license;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.crypto.Ed25519Keys;

/**
 * The dispatcher's side: accepts a {@code features.json} only when its {@code features.sig.json} verifies over its
 * exact bytes with one of the trusted public keys.
 */
public final class LicenseVerifier {

    private final Map<String, PublicKey> trustedKeys;

    /**
     * @param trustedKeys the issuers' public keys by key id
     */
    public LicenseVerifier(Map<String, PublicKey> trustedKeys) {
        this.trustedKeys = Map.copyOf(trustedKeys);
    }

    /**
     * @param features the bytes of {@code features.json}
     * @param featuresName its file name, for messages
     * @param signature the bytes of {@code features.sig.json}
     * @param signatureName its file name, for messages
     * @return the license
     * @throws LicenseException naming the file and why it is refused
     */
    public License verify(byte[] features, String featuresName, byte[] signature, String signatureName) {
        LicenseSignature sig;
        try {
            sig = MessageCodec.mapper().readValue(signature, LicenseSignature.class);
        } catch (IOException e) {
            throw new LicenseException(signatureName + " is not a license signature (JSON with algorithm, keyId, "
                    + "signature)");
        }
        if (sig == null || !Ed25519Keys.ALGORITHM.equals(sig.algorithm())) {
            throw new LicenseException(signatureName + " uses algorithm '" + (sig == null ? null : sig.algorithm())
                    + "', only Ed25519 is accepted");
        }
        PublicKey key = trustedKeys.get(sig.keyId());
        if (key == null) {
            throw new LicenseException(signatureName + " is signed with unknown key id '" + sig.keyId()
                    + "'; trusted: " + trustedKeys.keySet().stream().sorted().toList());
        }
        boolean valid;
        try {
            java.security.Signature verifier = java.security.Signature.getInstance(Ed25519Keys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(features);
            valid = verifier.verify(Base64.getDecoder().decode(sig.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            valid = false;
        }
        if (!valid) {
            throw new LicenseException(featuresName + " does not match its signature in " + signatureName
                    + " with key '" + sig.keyId() + "': the file was changed or signed with another key");
        }
        License license;
        try {
            license = MessageCodec.mapper().readValue(features, License.class);
        } catch (IOException e) {
            throw new LicenseException(featuresName + " is signed but is not a license");
        }
        if (license.licensee() == null || license.expires() == null || license.features() == null) {
            throw new LicenseException(featuresName + " lacks licensee, expires or features");
        }
        return license;
    }
}
