package dev.airlock.hub.project;

/**
 * The role to give a member.
 *
 * @param role {@code owner}, {@code editor} or {@code viewer}
 */
public record MemberRequest(String role) {
}
