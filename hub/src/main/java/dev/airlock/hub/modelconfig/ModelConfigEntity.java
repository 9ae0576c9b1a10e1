package dev.airlock.hub.modelconfig;

import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.airlock.hub.project.ProjectScopedEntity;

/** A model configuration saved in a project. */
@Entity
@Table(name = "model_config")
@IdClass(ProjectScopedEntity.Key.class)
public class ModelConfigEntity extends ProjectScopedEntity {

    public String format;
    public String source;
    public String config;
}
