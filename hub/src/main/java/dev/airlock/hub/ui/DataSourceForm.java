package dev.airlock.hub.ui;

import dev.airlock.hub.source.DataSourceView;

/**
 * The values a data-source form starts with; never credentials.
 *
 * @param name the name
 * @param kind the kind
 * @param bucket for s3
 * @param key for s3
 * @param endpoint for s3
 * @param host for databases
 * @param port for databases
 * @param database for databases
 * @param table for databases
 */
public record DataSourceForm(String name, String kind, String bucket, String key, String endpoint, String host,
        Integer port, String database, String table) {

    /** @return the form of a new data source */
    public static DataSourceForm empty() {
        return new DataSourceForm(null, "s3", null, null, null, null, null, null, null);
    }

    /**
     * @param source a data source
     * @return its form
     */
    public static DataSourceForm of(DataSourceView source) {
        return new DataSourceForm(source.name(), source.kind(), source.bucket(), source.key(), source.endpoint(),
                source.host(), source.port(), source.database(), source.table());
    }
}
