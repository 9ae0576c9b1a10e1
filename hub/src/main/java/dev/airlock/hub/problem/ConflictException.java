package dev.airlock.hub.problem;

/** The request contradicts the current state, such as a project name already taken. */
public class ConflictException extends HubException {

    /**
     * @param detail what conflicts
     */
    public ConflictException(String detail) {
        super(409, "Conflict", detail);
    }
}
