package dev.airlock.hub.project;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A project: the unit of membership; tasks belong to one. */
@Entity
@Table(name = "project")
public class ProjectEntity extends PanacheEntityBase {

    @Id
    public String name;
    public String description;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
