package dev.airlock.worker;

/**
 * The data source could not be read: unreachable, it refused the credentials, or the table is not there. Messages name
 * the source and the reason, never a credential or a data value.
 */
class SourceUnavailableException extends RuntimeException {

    SourceUnavailableException(String message) {
        super(message);
    }
}
