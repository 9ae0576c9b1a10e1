package dev.airlock.hub.source;

import java.time.Instant;

/**
 * A data source as the API shows it: where the table is and whether credentials are sealed, never what they are.
 *
 * @param project its project
 * @param name its name
 * @param kind {@code s3}, {@code postgresql} or {@code mariadb}
 * @param bucket for s3
 * @param key for s3
 * @param endpoint for s3, {@code null} for the zone's own store
 * @param host for databases
 * @param port for databases
 * @param database for databases
 * @param table for databases
 * @param credentials {@code sealed} when credentials are stored (sealed), {@code none} otherwise
 * @param zone the zone whose key sealed them
 * @param keyId that key's id
 * @param keyCurrent whether that is still the zone's pinned key (otherwise the credentials must be entered again)
 * @param createdBy who created it
 * @param createdAt when
 * @param updatedBy who changed it last
 * @param updatedAt when
 */
public record DataSourceView(String project, String name, String kind, String bucket, String key, String endpoint,
        String host, Integer port, String database, String table, String credentials, String zone, String keyId,
        boolean keyCurrent, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {

    /** @return where the table is, in one line */
    public String location() {
        if ("s3".equals(kind)) {
            return "s3://" + bucket + "/" + key + (endpoint == null ? "" : " at " + endpoint);
        }
        return kind + "://" + host + (port == null ? "" : ":" + port) + "/" + database + " table " + table;
    }
}
