package dev.airlock.hub.project;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Something a project keeps by name (data sources, model configurations), with who made and changed it when. */
@MappedSuperclass
public abstract class ProjectScopedEntity extends PanacheEntityBase {

    @Id
    public String project;
    @Id
    public String name;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The primary key: project and name. */
    public static class Key implements Serializable {
        public String project;
        public String name;

        public Key() {
        }

        public Key(String project, String name) {
            this.project = project;
            this.name = name;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(project, key.project) && Objects.equals(name, key.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(project, name);
        }
    }
}
