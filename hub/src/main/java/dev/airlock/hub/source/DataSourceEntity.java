package dev.airlock.hub.source;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.airlock.hub.project.ProjectScopedEntity;

/** A data source of a project; its credentials only ever sealed to the zone's key. */
@Entity
@Table(name = "data_source")
@IdClass(ProjectScopedEntity.Key.class)
public class DataSourceEntity extends ProjectScopedEntity {

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
}
