package dev.airlock.hub.problem;

/** The request cannot be accepted as it is; the detail names the field. */
public class InvalidRequestException extends HubException {

    /**
     * @param detail which field is wrong and why
     */
    public InvalidRequestException(String detail) {
        super(400, "Invalid request", detail);
    }
}
