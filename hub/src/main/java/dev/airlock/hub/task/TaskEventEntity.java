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
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A status event the hub received; its id makes applying it idempotent. */
@Entity
@Table(name = "task_event")
public class TaskEventEntity extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "task_id")
    public UUID taskId;
    @Enumerated(EnumType.STRING)
    public TaskState state;
    /** Whether it changed the task (a late or repeated state does not). */
    public boolean applied;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "received_at")
    public Instant receivedAt;
    /** Arrival order, set by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;
}
