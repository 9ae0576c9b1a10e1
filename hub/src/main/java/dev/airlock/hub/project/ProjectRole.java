package dev.airlock.hub.project;

import java.util.Locale;

/** A member's role in a project, weakest first: each role may do what the ones before it may. */
public enum ProjectRole {
    /** Reads the project, its runs and members. */
    VIEWER,
    /** Also submits runs (and later data sources and models). */
    EDITOR,
    /** Also manages members and reads the audit log. */
    OWNER;

    /**
     * @param required the role an action needs
     * @return whether this role may do it
     */
    public boolean allows(ProjectRole required) {
        return compareTo(required) >= 0;
    }

    /** @return the name in the API: {@code owner}, {@code editor}, {@code viewer} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value {@code owner}, {@code editor} or {@code viewer}, any case
     * @return the role, or {@code null} when the value names none
     */
    public static ProjectRole parse(String value) {
        if (value == null) {
            return null;
        }
        for (ProjectRole role : values()) {
            if (role.name().equalsIgnoreCase(value.trim())) {
                return role;
            }
        }
        return null;
    }
}
