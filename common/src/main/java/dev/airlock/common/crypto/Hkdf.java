package dev.airlock.common.crypto;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA-256 (RFC 5869); the JDK has no public HKDF before Java 24. */
final class Hkdf {

    private Hkdf() {
    }

    static byte[] derive(byte[] salt, byte[] inputKey, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(inputKey);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] block = new byte[0];
            for (int counter = 1; out.size() < length; counter++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) counter);
                block = mac.doFinal();
                out.write(block, 0, block.length);
            }
            byte[] result = new byte[length];
            System.arraycopy(out.toByteArray(), 0, result, 0, length);
            return result;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("this JVM has no HMAC-SHA-256", e);
        }
    }
}
