package dev.airlock.hub.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One audited action: who, what, on which project and object, when. Names and ids only, never data values. */
@Entity
@Table(name = "audit_log")
public class AuditEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public String actor;
    public String project;
    public String action;
    public String target;
}
