package dev.airlock.hub.source;

import java.util.Map;

/**
 * A data source as a user defines it. Credentials are sealed to the zone's key on receipt and never stored, logged or
 * returned in plain text.
 *
 * @param name the data source's name, unique in the project (on create)
 * @param kind {@code s3}, {@code postgresql} or {@code mariadb}
 * @param bucket for s3: the bucket
 * @param key for s3: the object's key
 * @param endpoint for s3: the S3 endpoint, empty for the zone's own object store
 * @param host for databases: the host
 * @param port for databases: the port, empty for the default
 * @param database for databases: the database
 * @param table for databases: {@code table} or {@code schema.table}
 * @param credentials for s3 {@code accessKey} and {@code secretKey}; for databases {@code username} and
 *        {@code password}; on update, leave out to keep the sealed ones
 */
public record DataSourceRequest(String name, String kind, String bucket, String key, String endpoint, String host,
        Integer port, String database, String table, Map<String, String> credentials) {

    @Override
    public String toString() {
        return "DataSourceRequest[name=" + name + ", kind=" + kind + "]";
    }
}
