package dev.airlock.hub.task;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.TaskType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A task as the hub stores it. */
@Entity
@Table(name = "task")
public class TaskEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String project;
    @Enumerated(EnumType.STRING)
    public TaskType type;
    @Enumerated(EnumType.STRING)
    public TaskState state;
    @Column(name = "data_source")
    public String dataSource;
    @Column(name = "model_task_id")
    public UUID modelTaskId;
    @Column(name = "model_config")
    public String modelConfig;
    public String parameters;
    @Column(name = "output_prefix")
    public String outputPrefix;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "progress_phase")
    public String progressPhase;
    @Column(name = "progress_fraction")
    public Double progressFraction;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    public String artifacts;
    public String metrics;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
