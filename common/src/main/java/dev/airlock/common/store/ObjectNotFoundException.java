package dev.airlock.common.store;

/** The bucket or object does not exist. */
public class ObjectNotFoundException extends ObjectStoreException {

    /**
     * @param message which bucket and key
     */
    public ObjectNotFoundException(String message) {
        super(message, null);
    }
}
