package dev.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;

/**
 * The walking skeleton end to end: the hub's API, PostgreSQL, the outbox, RabbitMQ, the dispatcher, the worker as a
 * local process and S3 (S3Proxy), all real and on this machine.
 */
class EndToEndIT {

    private static final Path ROOT = Path.of(System.getProperty("airlock.root", "..")).toAbsolutePath().normalize();
    private static final String CANARY = "CANARY-" + UUID.randomUUID();
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        Path state = ROOT.resolve("e2e/target/e2e-" + UUID.randomUUID().toString().substring(0, 8));
        Path tables = Files.createDirectories(state.resolve("tables"));
        Path withCanary = tables.resolve("penguins.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(ROOT.resolve("data/penguins.csv")));
        lines.add("Adelie," + CANARY + ",39.1,18.7,181,3750,MALE");
        Files.write(withCanary, lines);
        Path notCsv = Files.write(tables.resolve("image.csv"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13,
                'I', 'H', 'D', 'R', 0, 0, 1, 0, (byte) 0xff, (byte) 0xfe, 0, 0, 10, 0, 0, 0 });
        Path ragged = Files.writeString(tables.resolve("ragged.csv"), "a,b,c\n1,2,3\n4,5,6\n7,8\n");
        stack = LocalStack.start(new LocalStack.Options(ROOT, state, "e2e-" + UUID.randomUUID().toString()
                .substring(0, 8), Map.of("penguins", withCanary, "image", notCsv, "ragged", ragged), true));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTrainTaskGoesFromTheApiToSyntheticDataInTheSharedStore() throws Exception {
        // Given
        String body = """
                {"type": "train", "dataSource": "penguins", "parameters": {"seed": 3}}""";

        // When
        var response = stack.submit("demo", body);

        // Then
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = MessageCodec.mapper().readTree(response.body());
        assertThat(accepted.path("state").asText()).isEqualTo("created");
        String taskId = accepted.path("id").asText();
        JsonNode task = awaitTerminal(taskId);
        assertThat(task.path("state").asText()).isEqualTo("completed");
        assertThat(task.path("metrics").path("rows.synthetic").asDouble()).isEqualTo(345.0);
        List<String> states = new ArrayList<>();
        stack.get("/api/tasks/" + taskId + "/events").forEach(e -> states.add(e.path("state").asText()));
        assertThat(states.get(0)).isEqualTo("pending");
        assertThat(states.get(states.size() - 1)).isEqualTo("completed");
        assertThat(states.subList(1, states.size() - 1)).isNotEmpty().containsOnly("active");
        String key = task.path("outputPrefix").asText() + "synthetic.csv";
        String synthetic = new String(stack.store().read(LocalStack.SHARED_BUCKET, key), StandardCharsets.UTF_8);
        List<String> rows = synthetic.lines().toList();
        assertThat(rows.get(0)).isEqualTo(
                "Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex");
        assertThat(rows).hasSize(346);
        assertThat(stack.store().exists(LocalStack.SHARED_BUCKET, task.path("outputPrefix").asText()
                + "model.airlock")).isTrue();
    }

    @Test
    void anEvaluateTaskMeasuresATrainTasksSampleOnTheSameSplit() throws Exception {
        // Given
        String trainId = MessageCodec.mapper().readTree(stack.submit("evaluation",
                "{\"type\": \"train\", \"dataSource\": \"penguins\", \"parameters\": {\"seed\": 11, "
                        + "\"target\": \"Species\"}}")
                .body()).path("id").asText();
        JsonNode trained = awaitTerminal(trainId);
        assertThat(trained.path("state").asText()).isEqualTo("completed");

        // When
        String evaluateId = MessageCodec.mapper().readTree(stack.submit("evaluation",
                "{\"type\": \"evaluate\", \"dataSource\": \"penguins\", \"modelTaskId\": \"" + trainId + "\"}")
                .body()).path("id").asText();
        JsonNode evaluated = awaitTerminal(evaluateId);

        // Then
        assertThat(evaluated.path("state").asText()).as(evaluated.toString()).isEqualTo("completed");
        assertThat(evaluated.path("parameters").path("seed").asInt()).isEqualTo(11);
        assertThat(evaluated.path("metrics").path("quality.overall").asDouble())
                .isEqualTo(trained.path("metrics").path("quality.overall").asDouble());
        assertThat(evaluated.path("metrics").path("privacy.exactCopyRate").asDouble())
                .isEqualTo(trained.path("metrics").path("privacy.exactCopyRate").asDouble());
        assertThat(stack.store().list(LocalStack.SHARED_BUCKET, evaluated.path("outputPrefix").asText()))
                .containsExactly(evaluated.path("outputPrefix").asText() + "report.json");
        assertThat(stack.get("/api/tasks/" + evaluateId + "/report").path("quality").path("overall").asDouble())
                .isEqualTo(evaluated.path("metrics").path("quality.overall").asDouble());
    }

    @Test
    void aGenerateTaskWritesParquetWhenAskedAndTheHubServesIt() throws Exception {
        // Given
        String trainId = MessageCodec.mapper().readTree(stack.submit("generation",
                "{\"type\": \"train\", \"dataSource\": \"penguins\"}").body()).path("id").asText();
        assertThat(awaitTerminal(trainId).path("state").asText()).isEqualTo("completed");

        // When
        String generateId = MessageCodec.mapper().readTree(stack.submit("generation",
                "{\"type\": \"generate\", \"modelTaskId\": \"" + trainId
                        + "\", \"parameters\": {\"rows\": 50, \"format\": \"parquet\"}}")
                .body()).path("id").asText();
        JsonNode generated = awaitTerminal(generateId);

        // Then
        assertThat(generated.path("state").asText()).as(generated.toString()).isEqualTo("completed");
        String prefix = generated.path("outputPrefix").asText();
        assertThat(stack.store().list(LocalStack.SHARED_BUCKET, prefix)).containsExactly(prefix + "synthetic.parquet");
        byte[] file = stack.store().read(LocalStack.SHARED_BUCKET, prefix + "synthetic.parquet");
        assertThat(new String(file, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(file, file.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PAR1");
    }

    @Test
    void aFileThatIsNotCsvEndsAsInvalidInputWithNoOutput() throws Exception {
        assertInvalidInput("image", "not");
    }

    @Test
    void raggedRowsEndAsInvalidInputNamingTheRowWithNoOutput() throws Exception {
        assertInvalidInput("ragged", "row 4");
    }

    private void assertInvalidInput(String dataSource, String messagePart) throws Exception {
        // Given
        String body = "{\"type\": \"train\", \"dataSource\": \"" + dataSource + "\"}";

        // When
        String taskId = MessageCodec.mapper().readTree(stack.submit("demo", body).body()).path("id").asText();

        // Then
        JsonNode task = awaitTerminal(taskId);
        assertThat(task.path("state").asText()).isEqualTo("error");
        assertThat(task.path("error").path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(task.path("error").path("message").asText()).contains(messagePart);
        assertThat(stack.store().list(LocalStack.SHARED_BUCKET, task.path("outputPrefix").asText())).isEmpty();
    }

    @Test
    void everyTaskAcceptedWhileRabbitMqIsDownCompletesExactlyOnce() throws Exception {
        // Given
        List<String> taskIds = new ArrayList<>();
        Broker.stopApp();
        try {
            // When
            for (int i = 0; i < 3; i++) {
                var response = stack.submit("outage", "{\"type\": \"train\", \"dataSource\": \"penguins\"}");
                assertThat(response.statusCode()).isEqualTo(202);
                taskIds.add(MessageCodec.mapper().readTree(response.body()).path("id").asText());
            }
            for (String taskId : taskIds) {
                assertThat(stack.get("/api/tasks/" + taskId).path("state").asText()).isEqualTo("created");
            }
        } finally {
            Broker.startApp();
        }

        // Then
        for (String taskId : taskIds) {
            assertThat(awaitTerminal(taskId).path("state").asText()).isEqualTo("completed");
            List<String> applied = new ArrayList<>();
            stack.get("/api/tasks/" + taskId + "/events").forEach(e -> {
                if (e.path("applied").asBoolean()) {
                    applied.add(e.path("state").asText());
                }
            });
            assertThat(applied).filteredOn(s -> s.equals("completed")).hasSize(1);
            assertThat(applied).filteredOn(s -> s.equals("pending")).hasSize(1);
            try (Stream<Path> dirs = Files.list(stack.dispatcherWorkDir().resolve("tasks"))) {
                assertThat(dirs.filter(d -> d.getFileName().toString().equals(taskId))).hasSize(1);
            }
        }
    }

    @Test
    void theCanaryRowNeverReachesTheHub() throws Exception {
        // Given
        String taskId = MessageCodec.mapper().readTree(stack.submit("canary",
                "{\"type\": \"train\", \"dataSource\": \"penguins\"}").body()).path("id").asText();

        // When
        JsonNode task = awaitTerminal(taskId);

        // Then
        assertThat(task.path("state").asText()).isEqualTo("completed");
        List<String> written = stack.store().list(LocalStack.SHARED_BUCKET, task.path("outputPrefix").asText());
        assertThat(written).hasSize(3);
        for (String key : written) {
            assertThat(new String(stack.store().read(LocalStack.SHARED_BUCKET, key), StandardCharsets.UTF_8))
                    .as(key).doesNotContain(CANARY);
        }
        assertThat(task.path("metrics").path("quality.overall").asDouble()).isBetween(0.5, 1.0);
        JsonNode report = stack.get("/api/tasks/" + taskId + "/report");
        assertThat(report.path("quality").path("overall").asDouble())
                .isEqualTo(task.path("metrics").path("quality.overall").asDouble());
        assertThat(report.toString()).doesNotContain(CANARY);
        assertThat(Files.readString(stack.log("hub"))).doesNotContain(CANARY);
        assertThat(Files.readString(stack.log("dispatcher"))).doesNotContain(CANARY);
        try (var connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/" + stack.database(), "postgres", "");
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select t::text from task t union all select o::text from outbox o"
                        + " union all select e::text from task_event e")) {
            while (rows.next()) {
                assertThat(rows.getString(1)).doesNotContain(CANARY);
            }
        }
    }

    @Test
    void aPostgreSqlTableIsReadWithCredentialsSealedInTheHubAndOpenedOnlyInTheZone() throws Exception {
        // Given: a table in the zone's PostgreSQL, and the zone's key announced to the hub
        String password = "PASSWORD-CANARY-" + UUID.randomUUID();
        try (var connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/" + stack.database(), "postgres", "");
                var statement = connection.createStatement()) {
            statement.execute("create schema warehouse");
            statement.execute("create table warehouse.penguins (species text, island text, beak_length numeric, "
                    + "beak_depth numeric, flipper_length integer, body_mass integer, sex text)");
            try (var csv = Files.newBufferedReader(ROOT.resolve("data/penguins.csv"))) {
                new org.postgresql.copy.CopyManager(connection.unwrap(org.postgresql.core.BaseConnection.class))
                        .copyIn("copy warehouse.penguins from stdin with (format csv, header true)", csv);
            }
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(stack.get("/api/zones/default")
                .path("keyId").asText()).hasSize(16));
        stack.createProject("warehouse");
        var created = stack.post("/api/projects/warehouse/data-sources", """
                {"name": "penguins-table", "kind": "postgresql", "host": "127.0.0.1", "port": 5432,
                 "database": "%s", "table": "warehouse.penguins",
                 "credentials": {"username": "postgres", "password": "%s"}}""".formatted(stack.database(), password));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // When
        String taskId = MessageCodec.mapper().readTree(stack.submit("warehouse",
                "{\"type\": \"train\", \"dataSource\": \"penguins-table\"}").body()).path("id").asText();
        JsonNode task = awaitTerminal(taskId);

        // Then
        assertThat(task.path("state").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.path("metrics").path("rows.source").asDouble()).isEqualTo(344.0);
        String synthetic = new String(stack.store().read(LocalStack.SHARED_BUCKET,
                task.path("outputPrefix").asText() + "synthetic.csv"), StandardCharsets.UTF_8);
        assertThat(synthetic.lines().findFirst()).contains(
                "species,island,beak_length,beak_depth,flipper_length,body_mass,sex");
        assertThat(created.body()).doesNotContain(password);
        assertThat(Files.readString(stack.log("hub"))).doesNotContain(password);
        assertThat(Files.readString(stack.log("dispatcher"))).doesNotContain(password);
        for (String key : stack.store().list(LocalStack.SHARED_BUCKET, task.path("outputPrefix").asText())) {
            assertThat(new String(stack.store().read(LocalStack.SHARED_BUCKET, key), StandardCharsets.UTF_8))
                    .as(key).doesNotContain(password);
        }
        try (var connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/" + stack.database(), "postgres", "");
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select d::text from data_source d union all select t::text from "
                        + "task t union all select o::text from outbox o union all select a::text from audit_log a")) {
            while (rows.next()) {
                assertThat(rows.getString(1)).doesNotContain(password);
            }
        }
    }

    private static JsonNode awaitTerminal(String taskId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last[0] = stack.get("/api/tasks/" + taskId);
            assertThat(last[0].path("state").asText()).isIn("completed", "error", "cancelled", "lost");
        });
        return last[0];
    }
}
