package dev.airlock.hub.project;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user's role in a project; users are named by their realm username. */
@Entity
@Table(name = "project_member")
@IdClass(ProjectMemberEntity.Key.class)
public class ProjectMemberEntity extends PanacheEntityBase {

    @Id
    public String project;
    @Id
    public String username;
    @Enumerated(EnumType.STRING)
    public ProjectRole role;
    @Column(name = "added_by")
    public String addedBy;
    @Column(name = "added_at")
    public Instant addedAt;

    /** The composite key: project and username. */
    public static class Key implements Serializable {
        public String project;
        public String username;

        public Key() {
        }

        public Key(String project, String username) {
            this.project = project;
            this.username = username;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(project, key.project)
                    && Objects.equals(username, key.username);
        }

        @Override
        public int hashCode() {
            return Objects.hash(project, username);
        }
    }
}
