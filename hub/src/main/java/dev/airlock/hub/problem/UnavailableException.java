package dev.airlock.hub.problem;

/** A service the hub depends on for this request cannot be reached; retrying later may work. */
public class UnavailableException extends HubException {

    /**
     * @param detail which service, and what the hub tried
     */
    public UnavailableException(String detail) {
        super(503, "Service unavailable", detail);
    }
}
