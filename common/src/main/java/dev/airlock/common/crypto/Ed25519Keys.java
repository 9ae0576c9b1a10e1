package dev.airlock.common.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Creates, encodes and decodes Ed25519 keys (private keys as PKCS#8, public keys as X.509, both base64). */
public final class Ed25519Keys {

    /** The JCA algorithm name. */
    public static final String ALGORITHM = "Ed25519";

    private Ed25519Keys() {
    }

    /** @return a fresh key pair */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("this JVM has no Ed25519", e);
        }
    }

    /**
     * @param key a key
     * @return its standard encoding, base64
     */
    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * @param base64 a PKCS#8 Ed25519 private key, base64
     * @param setting the setting it came from, for the error message
     * @return the key
     * @throws CryptoException naming {@code setting} when it is not such a key
     */
    public static PrivateKey decodePrivate(String base64, String setting) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.strip());
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(bytes));
        } catch (IllegalArgumentException | GeneralSecurityException | NullPointerException e) {
            throw new CryptoException(setting + " is not a base64 PKCS#8 Ed25519 private key");
        }
    }

    /**
     * @param base64 an X.509 Ed25519 public key, base64
     * @param setting the setting it came from, for the error message
     * @return the key
     * @throws CryptoException naming {@code setting} when it is not such a key
     */
    public static PublicKey decodePublic(String base64, String setting) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.strip());
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(bytes));
        } catch (IllegalArgumentException | GeneralSecurityException | NullPointerException e) {
            throw new CryptoException(setting + " is not a base64 X.509 Ed25519 public key");
        }
    }
}
