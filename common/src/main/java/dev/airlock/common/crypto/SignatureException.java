package dev.airlock.common.crypto;

/** A message is unsigned, badly signed, signed by an unknown key, or stale. */
public class SignatureException extends CryptoException {

    /**
     * @param message why the message is refused
     */
    public SignatureException(String message) {
        super(message);
    }
}
