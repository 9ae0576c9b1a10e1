package dev.airlock.hub.zone;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A secure zone as its latest heartbeat describes it, with the credential key the hub has pinned for it. */
@Entity
@Table(name = "zone")
public class ZoneEntity extends PanacheEntityBase {

    @Id
    public String name;
    @Column(name = "public_key")
    public String publicKey;
    @Column(name = "key_id")
    public String keyId;
    @Column(name = "offered_public_key")
    public String offeredPublicKey;
    @Column(name = "offered_key_id")
    public String offeredKeyId;
    @Column(name = "dispatcher_version")
    public String dispatcherVersion;
    @Column(name = "max_running_workers")
    public int maxRunningWorkers;
    @Column(name = "running_workers")
    public int runningWorkers;
    @Column(name = "license_expires")
    public Instant licenseExpires;
    @Column(name = "max_queued_tasks")
    public int maxQueuedTasks;
    @Column(name = "data_sources")
    public String dataSources;
    @Column(name = "first_seen_at")
    public Instant firstSeenAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
}
