package dev.airlock.hub.project;

/**
 * A new project.
 *
 * @param name 1-63 lower-case letters, digits, dots, dashes or underscores
 * @param description what it is for (optional, at most 500 characters)
 */
public record ProjectRequest(String name, String description) {
}
