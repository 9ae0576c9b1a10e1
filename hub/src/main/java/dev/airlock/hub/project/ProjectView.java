package dev.airlock.hub.project;

import java.time.Instant;

/**
 * A project as the API shows it.
 *
 * @param name the project's name
 * @param description what it is for
 * @param createdBy who created it
 * @param createdAt when
 * @param myRole the caller's role in it ({@code owner}, {@code editor}, {@code viewer}), or {@code null} for a platform
 *        administrator who is not a member
 */
public record ProjectView(String name, String description, String createdBy, Instant createdAt, String myRole) {
}
