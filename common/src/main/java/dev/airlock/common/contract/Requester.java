package dev.airlock.common.contract;

/**
 * Who asked for a task.
 *
 * @param userId the identity provider's subject
 * @param email the user's e-mail address, may be {@code null}
 */
public record Requester(String userId, String email) {
}
