package dev.airlock.common.crypto;

/**
 * A message whose signature verifies but that is older than the receiver accepts: genuine, so its sender may be told,
 * but not to be acted on.
 */
public class StaleMessageException extends SignatureException {

    /**
     * @param message why the message is refused
     */
    public StaleMessageException(String message) {
        super(message);
    }
}
