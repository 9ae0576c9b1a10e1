package dev.airlock.hub.problem;

/** The caller is signed in but their role does not allow the action. */
public class ForbiddenException extends HubException {

    /**
     * @param detail which role the action needs, and where
     */
    public ForbiddenException(String detail) {
        super(403, "Forbidden", detail);
    }
}
