package dev.airlock.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.airlock.common.contract.DataSourceKind;

/** Reads a table from the machine's real PostgreSQL (127.0.0.1:5432, database {@code test}). */
class JdbcTableExportTest {

    private static final String URL = System.getenv().getOrDefault("AIRLOCK_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "export_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA " + SCHEMA);
            sql.execute("CREATE TABLE " + SCHEMA + ".visits (id integer, name text, amount numeric(10,2), "
                    + "member boolean, visited date, seen_at timestamp, seen_tz timestamptz, note text)");
            sql.execute("INSERT INTO " + SCHEMA + ".visits VALUES "
                    + "(1, 'Zoë, \"the\" first', 12.50, true, '2024-02-29', '2024-02-29 13:45:00', "
                    + "'2024-02-29 13:45:00+00', 'line one\nline two'), "
                    + "(2, NULL, NULL, false, NULL, NULL, NULL, NULL)");
        }
    }

    @AfterAll
    static void dropTable() throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
                Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void aTableBecomesACsvTheSynthesizerReads() throws Exception {
        // Given
        Path csv = dir.resolve("source.csv");

        // When
        long rows = JdbcTableExport.export(DataSourceKind.POSTGRESQL, URL, SCHEMA + ".visits", "postgres", "", csv);

        // Then
        assertThat(rows).isEqualTo(2);
        List<List<String>> records = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
            reader.forEach(record -> records.add(record.getFields()));
        }
        List<String> columns = records.remove(0);
        assertThat(columns).containsExactly("id", "name", "amount", "member", "visited", "seen_at", "seen_tz", "note");
        assertThat(records.get(0)).containsExactly("1", "Zoë, \"the\" first", "12.50", "true", "2024-02-29",
                "2024-02-29 13:45:00", "2024-02-29T13:45:00Z", "line one\nline two");
        assertThat(records.get(1)).containsExactly("2", "", "", "false", "", "", "", "");
    }

    @Test
    void aMissingTableIsNamedWithoutTheDriversText() {
        // When / Then
        assertThatThrownBy(() -> JdbcTableExport.export(DataSourceKind.POSTGRESQL, URL, SCHEMA + ".nothing",
                "postgres", "", dir.resolve("x.csv")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("the postgresql table " + SCHEMA + ".nothing does not exist");
    }

    @Test
    void anUnreachableServerIsNamed() {
        // When / Then
        assertThatThrownBy(() -> JdbcTableExport.export(DataSourceKind.POSTGRESQL,
                "jdbc:postgresql://127.0.0.1:1/test", "visits", "postgres", "secret-canary", dir.resolve("x.csv")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("cannot connect to the database at 127.0.0.1:1/test");
    }

    @Test
    void tableNamesAreQuotedPerDialect() {
        // When / Then
        assertThat(JdbcTableExport.quoted(DataSourceKind.POSTGRESQL, "sales.Orders")).isEqualTo("\"sales\".\"Orders\"");
        assertThat(JdbcTableExport.quoted(DataSourceKind.MARIADB, "orders")).isEqualTo("`orders`");
        assertThatThrownBy(() -> JdbcTableExport.quoted(DataSourceKind.POSTGRESQL, "x\"; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
