package dev.airlock.hub.problem;

/** The hub's exception family; each maps to a problem-JSON response (RFC 9457) with its status. */
public abstract class HubException extends RuntimeException {

    private final int status;
    private final String title;

    protected HubException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return a short, fixed summary of the problem type */
    public String title() {
        return title;
    }
}
