package dev.airlock.common.crypto;

/** A key, signature or ciphertext cannot be used. Messages never contain key material. */
public class CryptoException extends RuntimeException {

    /**
     * @param message what is wrong
     */
    public CryptoException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the provider's complaint
     */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
