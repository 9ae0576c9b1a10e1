package dev.airlock.hub.problem;

/** The named resource does not exist. */
public class NotFoundException extends HubException {

    /**
     * @param detail what was not found
     */
    public NotFoundException(String detail) {
        super(404, "Not found", detail);
    }
}
