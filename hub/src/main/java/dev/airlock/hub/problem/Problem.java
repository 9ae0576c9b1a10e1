package dev.airlock.hub.problem;

/**
 * A problem-JSON body (RFC 9457).
 *
 * @param type a URI naming the problem type
 * @param title a short summary
 * @param status the HTTP status
 * @param detail what happened here
 * @param instance the request path
 */
public record Problem(String type, String title, int status, String detail, String instance) {
}
