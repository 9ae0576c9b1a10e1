package dev.airlock.worker;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.airlock.common.contract.DataSourceKind;

/**
 * Streams a PostgreSQL or MariaDB table into a CSV file in the worker's scratch space (inside the zone), with a cursor,
 * so memory stays flat whatever the table's size. Dates and times are written in ISO form (time zones kept), booleans
 * as {@code true}/{@code false}, decimals in plain notation, SQL NULL as an empty field.
 */
final class JdbcTableExport {

    private static final int FETCH_SIZE = 5_000;
    private static final DateTimeFormatter LOCAL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private JdbcTableExport() {
    }

    /**
     * @param kind {@link DataSourceKind#POSTGRESQL} or {@link DataSourceKind#MARIADB}
     * @param jdbcUrl the URL, built from checked parts
     * @param table {@code table} or {@code schema.table}, letters, digits and underscores only
     * @param username the user, may be {@code null}
     * @param password the password, may be {@code null}
     * @param target the CSV file to write
     * @return the rows written
     * @throws SourceUnavailableException when the database cannot be reached or read
     */
    static long export(DataSourceKind kind, String jdbcUrl, String table, String username, String password,
            Path target) throws IOException {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", kind == DataSourceKind.MARIADB ? "10000" : "10");
        String where = kind.wireName() + " table " + table;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            connection.setReadOnly(true);
            // PostgreSQL streams with a cursor only outside auto-commit.
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + quoted(kind, table));
                        Writer writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
                        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(writer)) {
                    ResultSetMetaData meta = rows.getMetaData();
                    int columns = meta.getColumnCount();
                    String[] record = new String[columns];
                    int[] types = new int[columns];
                    for (int i = 0; i < columns; i++) {
                        record[i] = meta.getColumnLabel(i + 1);
                        // PostgreSQL's driver reports timestamptz as TIMESTAMP; its type name tells them apart.
                        types[i] = "timestamptz".equalsIgnoreCase(meta.getColumnTypeName(i + 1))
                                ? Types.TIMESTAMP_WITH_TIMEZONE
                                : meta.getColumnType(i + 1);
                    }
                    csv.writeRecord(record);
                    long count = 0;
                    while (rows.next()) {
                        for (int i = 0; i < columns; i++) {
                            record[i] = text(rows, i + 1, types[i]);
                        }
                        csv.writeRecord(record);
                        count++;
                    }
                    return count;
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new SourceUnavailableException(reason(e, where, jdbcUrl));
        }
    }

    static String quoted(DataSourceKind kind, String table) {
        String quote = kind == DataSourceKind.MARIADB ? "`" : "\"";
        StringBuilder sql = new StringBuilder();
        for (String part : table.split("\\.")) {
            if (!part.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("table name part is not a plain identifier");
            }
            if (!sql.isEmpty()) {
                sql.append('.');
            }
            sql.append(quote).append(part).append(quote);
        }
        return sql.toString();
    }

    private static String text(ResultSet rows, int column, int sqlType) throws SQLException {
        switch (sqlType) {
            case Types.BOOLEAN, Types.BIT -> {
                boolean value = rows.getBoolean(column);
                return rows.wasNull() ? "" : Boolean.toString(value);
            }
            case Types.TIMESTAMP -> {
                Timestamp value = rows.getTimestamp(column);
                return value == null ? "" : value.toLocalDateTime().format(LOCAL_TIMESTAMP);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                return value == null ? "" : value.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
            case Types.DATE -> {
                java.sql.Date value = rows.getDate(column);
                return value == null ? "" : value.toLocalDate().toString();
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                java.math.BigDecimal value = rows.getBigDecimal(column);
                return value == null ? "" : value.toPlainString();
            }
            default -> {
                String value = rows.getString(column);
                return value == null ? "" : value;
            }
        }
    }

    /** A reason from the SQL state, never the driver's text (which could quote a value). */
    private static String reason(SQLException e, String where, String jdbcUrl) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String server = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        if (state.startsWith("28")) {
            return "the database at " + server + " refused the credentials of the data source";
        }
        if (state.startsWith("08")) {
            return "cannot connect to the database at " + server;
        }
        if (state.equals("3D000") || state.equals("42000") && e.getErrorCode() == 1049) {
            return "the database at " + server + " does not exist";
        }
        if (state.equals("42P01") || state.equals("42S02") || state.equals("3F000")) {
            return "the " + where + " does not exist";
        }
        if (state.equals("42501") || state.equals("42000") && e.getErrorCode() == 1142) {
            return "the data source's user may not read the " + where;
        }
        return "cannot read the " + where + " (SQL state " + (state.isEmpty() ? "unknown" : state) + ")";
    }
}
