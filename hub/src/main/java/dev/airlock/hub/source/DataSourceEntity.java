package dev.airlock.hub.source;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A data source of a project; its credentials only ever sealed to the zone's key. */
@Entity
@Table(name = "data_source")
@IdClass(DataSourceEntity.Key.class)
public class DataSourceEntity extends PanacheEntityBase {

    @Id
    public String project;
    @Id
    public String name;
    public String kind;
    public String bucket;
    @Column(name = "object_key")
    public String objectKey;
    public String endpoint;
    public String host;
    public Integer port;
    @Column(name = "database_name")
    public String databaseName;
    @Column(name = "table_name")
    public String tableName;
    @Column(name = "sealed_credentials")
    public String sealedCredentials;
    public String zone;
    @Column(name = "key_id")
    public String keyId;
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
