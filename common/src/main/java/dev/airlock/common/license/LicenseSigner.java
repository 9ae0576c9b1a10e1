package dev.airlock.common.license;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.crypto.CryptoException;
import dev.airlock.common.crypto.Ed25519Keys;

/** The issuer's side: signs the exact bytes of a {@code features.json}. */
public final class LicenseSigner {

    private LicenseSigner() {
    }

    /**
     * @param features the bytes of {@code features.json}, exactly as they will be shipped
     * @param privateKey the issuer's Ed25519 private key
     * @param keyId the id under which dispatchers trust the matching public key
     * @return the bytes of {@code features.sig.json}
     */
    public static byte[] sign(byte[] features, PrivateKey privateKey, String keyId) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance(Ed25519Keys.ALGORITHM);
            signer.initSign(privateKey);
            signer.update(features);
            LicenseSignature signature = new LicenseSignature(Ed25519Keys.ALGORITHM, keyId,
                    Base64.getEncoder().encodeToString(signer.sign()));
            return MessageCodec.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(signature);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot sign the license with key " + keyId, e);
        } catch (JsonProcessingException e) {
            throw new CryptoException("cannot write the license signature", e);
        }
    }

    /**
     * @param license a license
     * @return its {@code features.json} bytes, indented
     */
    public static byte[] encode(License license) {
        try {
            return MessageCodec.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(license);
        } catch (JsonProcessingException e) {
            throw new CryptoException("cannot write the license", e);
        }
    }
}
