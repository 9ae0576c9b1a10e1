package dev.airlock.hub.modelconfig;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A model configuration saved in a project. */
@Entity
@Table(name = "model_config")
@IdClass(ModelConfigEntity.Key.class)
public class ModelConfigEntity extends PanacheEntityBase {

    @Id
    public String project;
    @Id
    public String name;
    public String format;
    public String source;
    public String config;
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
