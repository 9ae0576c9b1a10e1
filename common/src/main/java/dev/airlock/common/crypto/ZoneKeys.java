package dev.airlock.common.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.KeyAgreement;

/**
 * The secure zone's X25519 key pair for data-source credentials, derived from {@code AIRLOCK_DS_ROOT_KEY}: the same
 * root key always gives the same pair, so every dispatcher of a zone opens what the hub sealed to its public key.
 * Public keys travel as the raw 32-byte X25519 u-coordinate, base64.
 *
 * @param privateKey opens sealed credentials; never leaves the zone
 * @param publicKey what the hub seals to
 * @param keyId a short fingerprint of the public key, named in sealed blobs and messages
 */
public record ZoneKeys(PrivateKey privateKey, PublicKey publicKey, String keyId) {

    /** The environment variable the root key comes from. */
    public static final String ROOT_KEY_VARIABLE = "AIRLOCK_DS_ROOT_KEY";
    /** Fewest bytes a root key may have. */
    public static final int MIN_ROOT_KEY_BYTES = 32;

    private static final byte[] DERIVATION_SALT = "airlock zone key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DERIVATION_INFO = "x25519 credentials v1".getBytes(StandardCharsets.UTF_8);

    /**
     * @param rootKeyBase64 the zone's root key, base64, at least {@value #MIN_ROOT_KEY_BYTES} bytes
     * @return the zone's key pair
     * @throws CryptoException naming {@value #ROOT_KEY_VARIABLE} when the key is missing, not base64 or too short
     */
    public static ZoneKeys derive(String rootKeyBase64) {
        if (rootKeyBase64 == null || rootKeyBase64.isBlank()) {
            throw new CryptoException(ROOT_KEY_VARIABLE + " is not set: give the zone a base64 key of at least "
                    + MIN_ROOT_KEY_BYTES + " bytes (openssl rand -base64 32)");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(rootKeyBase64.strip());
        } catch (IllegalArgumentException e) {
            throw new CryptoException(ROOT_KEY_VARIABLE + " is not base64");
        }
        if (root.length < MIN_ROOT_KEY_BYTES) {
            throw new CryptoException(ROOT_KEY_VARIABLE + " has " + root.length + " bytes, fewer than "
                    + MIN_ROOT_KEY_BYTES);
        }
        byte[] scalar = Hkdf.derive(DERIVATION_SALT, root, DERIVATION_INFO, 32);
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            // X25519(k, 9) is k's public key: agree with the curve's base point.
            byte[] publicRaw = agree(privateKey, publicKey(basePoint()));
            PublicKey publicKey = publicKey(publicRaw);
            return new ZoneKeys(privateKey, publicKey, keyIdOf(publicKey));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("this JVM has no X25519", e);
        }
    }

    /** @return the public key, raw 32 bytes, base64 */
    public String publicKeyBase64() {
        return encodePublic(publicKey);
    }

    /**
     * @param key an X25519 public key
     * @return its raw 32-byte u-coordinate, base64
     */
    public static String encodePublic(PublicKey key) {
        return Base64.getEncoder().encodeToString(raw(key));
    }

    /**
     * @param base64 a raw 32-byte X25519 public key, base64
     * @param what where it came from, for the error message
     * @return the key
     * @throws CryptoException naming {@code what} when it is not such a key
     */
    public static PublicKey decodePublic(String base64, String what) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CryptoException(what + " is not a base64 X25519 public key");
        }
        if (raw.length != 32) {
            throw new CryptoException(what + " is not a base64 X25519 public key (" + raw.length + " bytes, not 32)");
        }
        return publicKey(raw);
    }

    /**
     * @param key an X25519 public key
     * @return its fingerprint: the first 8 bytes of the SHA-256 of its raw form, hex
     */
    public static String keyIdOf(PublicKey key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(raw(key));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("this JVM has no SHA-256", e);
        }
    }

    static byte[] raw(PublicKey key) {
        if (!(key instanceof XECPublicKey xec)) {
            throw new CryptoException("not an X25519 public key");
        }
        byte[] bigEndian = xec.getU().toByteArray();
        byte[] little = new byte[32];
        for (int i = 0; i < little.length && i < bigEndian.length; i++) {
            little[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return little;
    }

    static PublicKey publicKey(byte[] raw) {
        byte[] bigEndian = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            bigEndian[i] = raw[raw.length - 1 - i];
        }
        // RFC 7748: the top bit of the last byte is masked on receipt.
        bigEndian[0] &= 0x7f;
        try {
            return KeyFactory.getInstance("XDH")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("not an X25519 public key", e);
        }
    }

    static byte[] agree(PrivateKey privateKey, PublicKey publicKey) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(privateKey);
            agreement.doPhase(publicKey, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("X25519 agreement failed", e);
        }
    }

    private static byte[] basePoint() {
        byte[] nine = new byte[32];
        nine[0] = 9;
        return nine;
    }

    @Override
    public String toString() {
        return "ZoneKeys[keyId=" + keyId + "]";
    }
}
