package dev.airlock.hub.project;

import java.time.Instant;

/**
 * A member of a project.
 *
 * @param username the user's realm username
 * @param role {@code owner}, {@code editor} or {@code viewer}
 * @param addedBy who gave them the role
 * @param addedAt when
 */
public record MemberView(String username, String role, String addedBy, Instant addedAt) {
}
