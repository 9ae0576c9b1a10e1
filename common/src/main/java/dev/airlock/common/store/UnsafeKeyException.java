package dev.airlock.common.store;

/** An object key could escape its prefix or is otherwise unsafe to use. */
public class UnsafeKeyException extends ObjectStoreException {

    /**
     * @param message what is wrong with the key
     */
    public UnsafeKeyException(String message) {
        super(message, null);
    }
}
