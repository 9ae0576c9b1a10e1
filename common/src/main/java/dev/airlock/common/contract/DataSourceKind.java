package dev.airlock.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a data source's table lives. */
public enum DataSourceKind {
    /** An object (CSV, CSV.gz, JSON Lines or Parquet, recognised by content) in an S3 bucket. */
    @JsonProperty("s3")
    S3("s3"),
    /** A PostgreSQL table. */
    @JsonProperty("postgresql")
    POSTGRESQL("postgresql"),
    /** A MariaDB (or MySQL) table. */
    @JsonProperty("mariadb")
    MARIADB("mariadb");

    private final String wireName;

    DataSourceKind(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name on the wire and in the API */
    public String wireName() {
        return wireName;
    }

    /** @return whether it is read through JDBC */
    public boolean isDatabase() {
        return this != S3;
    }

    /**
     * @param value a wire name
     * @return the kind, or {@code null} when there is none of that name
     */
    public static DataSourceKind fromWireName(String value) {
        for (DataSourceKind kind : values()) {
            if (kind.wireName.equals(value)) {
                return kind;
            }
        }
        return null;
    }
}
