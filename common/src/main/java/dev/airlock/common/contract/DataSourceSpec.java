package dev.airlock.common.contract;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A data source as the hub defines it, sent with each task that reads it: where the table is and its credentials,
 * sealed to the zone's key. Never holds a credential in plain text.
 *
 * @param kind where the table lives
 * @param bucket for {@link DataSourceKind#S3}: the bucket
 * @param key for {@link DataSourceKind#S3}: the object's key, or a prefix ending in {@code /} whose objects together
 *        form the table (parts of one format with the same header)
 * @param endpoint for {@link DataSourceKind#S3}: the S3 endpoint, {@code null} for the zone's own object store
 * @param host for databases: the server's host name
 * @param port for databases: its port, {@code null} for the kind's default
 * @param database for databases: the database's name
 * @param table for databases: the table, {@code table} or {@code schema.table}
 * @param credentials sealed to the zone, {@code null} when the source needs none (S3 with the zone's own store)
 */
public record DataSourceSpec(
        DataSourceKind kind,
        String bucket,
        String key,
        String endpoint,
        String host,
        Integer port,
        String database,
        String table,
        SealedCredentials credentials) {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")?");

    /** @return the credential names this kind takes */
    public static List<String> credentialNames(DataSourceKind kind) {
        return kind == DataSourceKind.S3 ? List.of("accessKey", "secretKey") : List.of("username", "password");
    }

    /** @return the port to connect to */
    public int portOrDefault() {
        if (port != null) {
            return port;
        }
        return kind == DataSourceKind.MARIADB ? 3306 : 5432;
    }

    /** @return the JDBC URL of a database source, built from checked parts (never from user-given URL text) */
    public String jdbcUrl() {
        return "jdbc:" + kind.wireName() + "://" + host + ":" + portOrDefault() + "/" + database;
    }

    /**
     * @return what is wrong with this definition, one clear sentence per problem, empty when nothing is; never
     *         mentions a credential
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add("kind must be one of s3, postgresql, mariadb");
            return problems;
        }
        if (kind == DataSourceKind.S3) {
            if (bucket == null || !BUCKET.matcher(bucket).matches()) {
                problems.add("bucket must be an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)");
            }
            if (key == null || key.isBlank() || key.length() > 1024 || key.startsWith("/") || key.contains("//")) {
                problems.add("key must name an object in the bucket, or a prefix ending in /");
            }
            if (endpoint != null && !isHttpUrl(endpoint)) {
                problems.add("endpoint must be an http or https URL");
            }
        } else {
            if (host == null || !HOST.matcher(host).matches()) {
                problems.add("host must be a host name or IPv4 address");
            }
            if (port != null && (port < 1 || port > 65535)) {
                problems.add("port must be between 1 and 65535");
            }
            if (database == null || !IDENTIFIER.matcher(database).matches()) {
                problems.add("database must be a plain name (letters, digits, underscores)");
            }
            if (table == null || !TABLE.matcher(table).matches()) {
                problems.add("table must be table or schema.table (letters, digits, underscores)");
            }
        }
        return problems;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
