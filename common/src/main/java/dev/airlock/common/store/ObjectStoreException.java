package dev.airlock.common.store;

/** The object store refused or failed an operation. Messages name bucket and key, never object contents. */
public class ObjectStoreException extends RuntimeException {

    /**
     * @param message what failed, with bucket and key
     * @param cause the client's exception, may be {@code null}
     */
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
