package dev.airlock.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.airlock.common.contract.DataSourceKind;
import dev.airlock.common.contract.DataSourceSpec;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.store.ObjectStoreSettings;

/**
 * A MariaDB data source read the way the dispatcher hands it to the worker (the URL {@link DataSourceSpec} builds,
 * the environment contract), from the machine's real MariaDB (127.0.0.1:3306, root, database {@code test}).
 */
class MariaDbSourceTest {

    private static final String TABLE = "visits_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
    private static final DataSourceSpec SPEC = new DataSourceSpec(DataSourceKind.MARIADB, null, null, null,
            "127.0.0.1", 3306, "test", TABLE, null);
    private static final ObjectStoreSettings UNUSED_STORE = new ObjectStoreSettings("http://127.0.0.1:1", "a", "b",
            "us-east-1");

    @TempDir
    Path scratch;

    @BeforeAll
    static void createTable() throws Exception {
        try (Connection connection = DriverManager.getConnection(SPEC.jdbcUrl(), "root", "");
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + TABLE + " (id INT, name VARCHAR(40), amount DECIMAL(10,2), "
                    + "member BOOLEAN, visited DATE, seen_at DATETIME)");
            sql.execute("INSERT INTO " + TABLE + " VALUES (1, 'Zoë, \"the\" first', 12.50, TRUE, '2024-02-29', "
                    + "'2024-02-29 13:45:00'), (2, NULL, NULL, FALSE, NULL, NULL)");
        }
    }

    @AfterAll
    static void dropTable() throws Exception {
        try (Connection connection = DriverManager.getConnection(SPEC.jdbcUrl(), "root", "");
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE " + TABLE);
        }
    }

    @Test
    void aMariaDbTableIsReadThroughTheWorkersEnvironment() throws Exception {
        // Given
        SourceTable source = SourceTable.fromEnvironment(Map.of(
                WorkerEnvironment.SOURCE_KIND, "mariadb",
                WorkerEnvironment.SOURCE_JDBC_URL, SPEC.jdbcUrl(),
                WorkerEnvironment.SOURCE_TABLE, TABLE,
                WorkerEnvironment.SOURCE_USERNAME, "root",
                WorkerEnvironment.SOURCE_PASSWORD, ""), UNUSED_STORE);

        // When
        Path csv = source.fetch(scratch);

        // Then
        assertThat(SPEC.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
        List<List<String>> records = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
            reader.forEach(record -> records.add(record.getFields()));
        }
        assertThat(records.get(0)).containsExactly("id", "name", "amount", "member", "visited", "seen_at");
        assertThat(records.get(1)).containsExactly("1", "Zoë, \"the\" first", "12.50", "true", "2024-02-29",
                "2024-02-29 13:45:00");
        assertThat(records.get(2)).containsExactly("2", "", "", "false", "", "");
    }

    @Test
    void aMissingTableAndRefusedCredentialsAreNamedWithoutTheDriversText() {
        // When / Then
        assertThatThrownBy(() -> JdbcTableExport.export(DataSourceKind.MARIADB, SPEC.jdbcUrl(), "nothing_here",
                "root", "", scratch.resolve("x.csv")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("the mariadb table nothing_here does not exist");
        assertThatThrownBy(() -> JdbcTableExport.export(DataSourceKind.MARIADB, SPEC.jdbcUrl(), TABLE,
                "nobody_" + UUID.randomUUID().toString().substring(0, 6), "canary-password", scratch.resolve("y.csv")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("the database at 127.0.0.1:3306/test refused the credentials of the data source");
    }
}
