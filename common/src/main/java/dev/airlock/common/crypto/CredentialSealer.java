package dev.airlock.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.airlock.common.contract.SealedCredentials;

/**
 * Seals data-source credentials to a zone's public key and opens them with its private key (an ECIES-style sealed
 * box: a one-time X25519 key per seal, HKDF-SHA-256 over the shared secret and both public keys, AES-256-GCM). The
 * sealed blob is bound to a context (project, data source, kind) as associated data, so it opens only for the data
 * source it was sealed for. Whoever holds only the public key, as the hub does, can seal but never open.
 */
public final class CredentialSealer {

    private static final byte[] INFO = "airlock sealed credentials v1".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialSealer() {
    }

    /**
     * @param project the project's name
     * @param dataSource the data source's name
     * @param kind the data source's kind, by wire name
     * @return the associated data a seal for this data source is bound to
     */
    public static String context(String project, String dataSource, String kind) {
        return "airlock-data-source:" + project + "/" + dataSource + "/" + kind;
    }

    /**
     * @param credentials names to secret values, for example {@code username} and {@code password}
     * @param zoneKey the zone's X25519 public key
     * @param context from {@link #context}
     * @return the sealed credentials
     */
    public static SealedCredentials seal(Map<String, String> credentials, PublicKey zoneKey, String context) {
        byte[] plaintext;
        try {
            plaintext = JSON.writeValueAsBytes(new TreeMap<>(credentials));
        } catch (JsonProcessingException e) {
            throw new CryptoException("cannot encode the credentials", e);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            KeyPair ephemeral = generator.generateKeyPair();
            byte[] ephemeralRaw = ZoneKeys.raw(ephemeral.getPublic());
            byte[] key = key(ZoneKeys.agree(ephemeral.getPrivate(), zoneKey), ephemeralRaw, ZoneKeys.raw(zoneKey));
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            Arrays.fill(plaintext, (byte) 0);
            Base64.Encoder base64 = Base64.getEncoder();
            return new SealedCredentials(SealedCredentials.ALGORITHM, ZoneKeys.keyIdOf(zoneKey),
                    base64.encodeToString(ephemeralRaw), base64.encodeToString(nonce),
                    base64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("this JVM cannot seal with X25519 and AES-GCM", e);
        }
    }

    /**
     * @param sealed what {@link #seal} returned
     * @param zone the zone's keys
     * @param context the same context it was sealed with
     * @return the credentials
     * @throws CryptoException when it was sealed to another key, for another data source, or was changed
     */
    public static Map<String, String> open(SealedCredentials sealed, ZoneKeys zone, String context) {
        if (!SealedCredentials.ALGORITHM.equals(sealed.algorithm())) {
            throw new CryptoException("the credentials are sealed with " + sealed.algorithm() + ", this zone reads "
                    + SealedCredentials.ALGORITHM);
        }
        if (!zone.keyId().equals(sealed.keyId())) {
            throw new CryptoException("the credentials were sealed to zone key " + sealed.keyId()
                    + ", this zone's key is " + zone.keyId() + ": enter them again in the hub");
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            byte[] ephemeralRaw = base64.decode(sealed.ephemeralKey());
            PublicKey ephemeral = ZoneKeys.publicKey(ephemeralRaw);
            byte[] key = key(ZoneKeys.agree(zone.privateKey(), ephemeral), ephemeralRaw, ZoneKeys.raw(zone.publicKey()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, base64.decode(sealed.nonce())));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plaintext = cipher.doFinal(base64.decode(sealed.ciphertext()));
            Map<String, String> credentials = JSON.readValue(plaintext, new TypeReference<TreeMap<String, String>>() {
            });
            Arrays.fill(plaintext, (byte) 0);
            return credentials;
        } catch (AEADBadTagException e) {
            throw new CryptoException("the sealed credentials do not open: they were changed or sealed for "
                    + "another data source");
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new CryptoException("the sealed credentials are malformed");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("the sealed credentials do not open", e);
        }
    }

    private static byte[] key(byte[] shared, byte[] ephemeralRaw, byte[] zoneRaw) {
        byte[] salt = new byte[ephemeralRaw.length + zoneRaw.length];
        System.arraycopy(ephemeralRaw, 0, salt, 0, ephemeralRaw.length);
        System.arraycopy(zoneRaw, 0, salt, ephemeralRaw.length, zoneRaw.length);
        byte[] key = Hkdf.derive(salt, shared, INFO, 32);
        Arrays.fill(shared, (byte) 0);
        return key;
    }
}
