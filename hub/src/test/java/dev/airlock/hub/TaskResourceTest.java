package dev.airlock.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.TaskCancel;
import dev.airlock.common.contract.TaskError;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.TestKeys;
import dev.airlock.common.crypto.MessageVerifier;
import dev.airlock.common.messaging.Topology;
import dev.airlock.common.testing.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The task API against real PostgreSQL and RabbitMQ; the test plays the zone. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
class TaskResourceTest {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource database;

    private static final Topology TOPOLOGY = new Topology(HubTestResource.PREFIX, "default", 5);
    private static final String TRAIN = """
            {"type": "train", "dataSource": "penguins", "modelConfig": {"synthesizer": "default"},
             "parameters": {"seed": 7}}""";

    @Test
    void anAcceptedTaskIsStoredAndPublishedSigned() throws Exception {
        // Given
        String project = project();

        // When
        String id = Api.as("alice").body(TRAIN)
                .when().post("/api/projects/{project}/tasks", project)
                .then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/api/tasks/"))
                .body("state", equalTo("created"))
                .body("type", equalTo("train"))
                .body("outputPrefix", startsWith("projects/" + project + "/tasks/"))
                .extract().path("id");

        // Then
        String etag = Api.as("alice").when().get("/api/tasks/{id}", id).then().statusCode(200)
                .body("dataSource", equalTo("penguins")).body("state", equalTo("created"))
                .extract().header("ETag");
        Api.as("alice").header("If-None-Match", etag).when().get("/api/tasks/{id}", id).then().statusCode(304);
        List<TaskRequest> published = new ArrayList<>();
        MessageVerifier verifier = new MessageVerifier(Map.of(TestKeys.KEY_ID, TestKeys.publicKey()),
                Duration.ofMinutes(5), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (byte[] body : BrokerTestSupport.drainTasks(TOPOLOGY)) {
                // other tests' cancellations share the queue
                if (!MessageCodec.readTree(body, "message").has("type")) {
                    continue;
                }
                verifier.verify(MessageCodec.readTree(body, "TaskRequest"), "TaskRequest");
                published.add(MessageCodec.decode(body, TaskRequest.class));
            }
            assertThat(published).extracting(TaskRequest::taskId).contains(id);
        });
        TaskRequest request = published.stream().filter(r -> r.taskId().equals(id)).findFirst().orElseThrow();
        assertThat(request.parameters()).containsEntry("seed", 7);
        assertThat(request.modelConfig().path("synthesizer").asText()).isEqualTo("default");
    }

    @Test
    void statusEventsApplyOnceAndNeverMoveATaskBackwards() throws Exception {
        // Given
        String id = submit(project());
        TaskEvent pending = event(id, TaskState.PENDING, null, null, null);
        TaskEvent active = event(id, TaskState.ACTIVE, new Progress("train", 0.5), null, null);
        TaskEvent completed = event(id, TaskState.COMPLETED, null,
                List.of(new Artifact("synthetic", "projects/x/tasks/" + id + "/synthetic.csv", 10)), null);
        TaskEvent lateActive = event(id, TaskState.ACTIVE, new Progress("sample", 0.9), null, null);
        TaskEvent lateError = event(id, TaskState.ERROR, null, null,
                new TaskError(ErrorCode.WORKER_FAILED, "late"));

        // When
        BrokerTestSupport.publish(TOPOLOGY, pending, active, completed, completed, lateActive, lateError);

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as("alice").when().get("/api/tasks/{id}/events", id)
                .then().body("size()", equalTo(5)));
        Api.as("alice").when().get("/api/tasks/{id}", id).then()
                .body("state", equalTo("completed"))
                .body("error", org.hamcrest.Matchers.nullValue())
                .body("artifacts[0].name", equalTo("synthetic"));
        List<Boolean> applied = Api.as("alice").when().get("/api/tasks/{id}/events", id).then().extract().path("applied");
        assertThat(applied).containsExactly(true, true, true, false, false);
    }

    @Test
    void cancellingASentTaskSendsASignedCancelAndAFinishedOneIsAConflict() throws Exception {
        // Given
        String project = project();
        String id = submit(project);
        MessageVerifier verifier = new MessageVerifier(Map.of(TestKeys.KEY_ID, TestKeys.publicKey()),
                Duration.ofMinutes(5), Clock.systemUTC());
        List<String> requested = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (byte[] body : BrokerTestSupport.drainTasks(TOPOLOGY)) {
                requested.add(MessageCodec.readTree(body, "TaskRequest").path("taskId").asText());
            }
            assertThat(requested).contains(id);
        });

        // When
        Api.as("carol").when().post("/api/tasks/{id}/cancel", id).then().statusCode(403);
        Api.as("alice").when().post("/api/tasks/{id}/cancel", id).then().statusCode(202)
                .body("state", equalTo("created"));

        // Then: the cancel travels on the zone's cancel queue, not behind waiting tasks
        List<TaskCancel> cancels = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (byte[] body : BrokerTestSupport.drain(TOPOLOGY.cancelsQueue())) {
                if (MessageCodec.readTree(body, "message").has("type")) {
                    continue;
                }
                verifier.verify(MessageCodec.readTree(body, "TaskCancel"), "TaskCancel");
                cancels.add(MessageCodec.decode(body, TaskCancel.class));
            }
            assertThat(cancels).extracting(TaskCancel::taskId).contains(id);
        });
        assertThat(cancels.get(0).requestedBy().userId()).isEqualTo("alice");
        BrokerTestSupport.publish(TOPOLOGY, event(id, TaskState.CANCELLED, null, null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as("alice").when().get("/api/tasks/{id}", id)
                .then().body("state", equalTo("cancelled")));
        Api.as("alice").when().post("/api/tasks/{id}/cancel", id).then().statusCode(409)
                .body("detail", equalTo("task " + id + " is already cancelled"));
    }

    @Test
    void metricsAnswerWithoutATokenAndCountTasksByStateWithOnlyBoundedTags() throws Exception {
        // Given
        String project = project();
        String id = submit(project);
        TaskEvent pending = event(id, TaskState.PENDING, null, null, null);

        // When
        BrokerTestSupport.publish(TOPOLOGY, pending, pending);

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String scrape = Api.anonymous().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(PrometheusText.sum(scrape, "airlock_tasks", "state=\"pending\"")).isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.sum(scrape, "airlock_tasks", "state=\"lost\"")).isGreaterThanOrEqualTo(0);
            assertThat(PrometheusText.sum(scrape, "airlock_status_events_total", "outcome=\"applied\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.sum(scrape, "airlock_status_events_total", "outcome=\"ignored\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.sum(scrape, "airlock_outbox_backlog")).isGreaterThanOrEqualTo(0);
            assertThat(PrometheusText.sum(scrape, "http_server_requests_seconds_count")).isPositive();
        });
        String scrape = Api.anonymous().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(scrape).doesNotContain(id).doesNotContain(project).doesNotContain("alice");
        assertThat(PrometheusText.labelNames(scrape, "airlock_")).isSubsetOf("state", "outcome");
    }

    @Test
    void theEleventhWaitingTaskOfAProjectGets429() {
        // Given
        String project = project();
        for (int i = 0; i < 10; i++) {
            submit(project);
        }

        // When / Then
        Api.as("alice").body(TRAIN)
                .when().post("/api/projects/{project}/tasks", project)
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "30")
                .body("title", equalTo("Too many queued tasks"))
                .body("status", equalTo(429))
                .body("detail", startsWith("project " + project + " already has 10 tasks waiting"));
    }

    @Test
    void theZonesLicensedLimitOfWaitingTasksHoldsAcrossProjects() throws Exception {
        // Given: the zone's license lets one more task wait than wait now
        long waiting;
        try (var connection = database.getConnection();
                var sql = connection.createStatement();
                var rows = sql.executeQuery("select count(*) from task where state = 'CREATED'")) {
            rows.next();
            waiting = rows.getLong(1);
        }
        String first = project();
        String second = project();
        TestZone.announce(TestZone.KEYS, (int) waiting + 1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> Integer.valueOf(
                (int) waiting + 1).equals(
                        Api.as("admin").when().get("/api/zones/default").then().extract()
                                .path("maxQueuedTasks")));

        try {
            // When
            submit(first);

            // Then
            Api.as("alice").body(TRAIN)
                    .when().post("/api/projects/{project}/tasks", second)
                    .then().statusCode(429)
                    .body("detail", equalTo("zone default already has " + (waiting + 1) + " tasks waiting to start,"
                            + " the most its license allows; retry when one has started"));
        } finally {
            TestZone.announce(TestZone.KEYS, 0);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> Integer.valueOf(0)
                    .equals(Api.as("admin").when().get("/api/zones/default").then().extract()
                            .path("maxQueuedTasks")));
        }
    }

    @Test
    void aGenerateTaskCarriesItsFormatAndAnUnknownOneIsRefusedNamingTheAllowed() throws Exception {
        // Given: a completed train task
        String project = project();
        String trainId = submit(project);
        BrokerTestSupport.publish(TOPOLOGY, event(trainId, TaskState.COMPLETED, null, List.of(), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as("alice").when()
                .get("/api/tasks/{id}", trainId).then().body("state", equalTo("completed")));

        // When
        String id = Api.as("alice").body(generate(trainId, "\"parquet\""))
                .when().post("/api/projects/{project}/tasks", project)
                .then().statusCode(202).body("parameters.format", equalTo("parquet")).extract().path("id");

        // Then: the request the zone gets asks for Parquet; other formats and other task types are refused
        List<TaskRequest> published = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (byte[] body : BrokerTestSupport.drainTasks(TOPOLOGY)) {
                if (MessageCodec.readTree(body, "message").has("type")) {
                    published.add(MessageCodec.decode(body, TaskRequest.class));
                }
            }
            assertThat(published).extracting(TaskRequest::taskId).contains(id);
        });
        TaskRequest request = published.stream().filter(r -> r.taskId().equals(id)).findFirst().orElseThrow();
        assertThat(request.parameters()).containsEntry("format", "parquet").containsEntry("rows", 5);
        for (String format : List.of("\"xlsx\"", "7", "\"../synthetic.csv\"")) {
            Api.as("alice").body(generate(trainId, format)).when().post("/api/projects/{project}/tasks", project)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", equalTo("parameter format must be one of csv, csv.gz, jsonl, parquet"));
        }
        Api.as("alice").body(generate(trainId, "null")).when().post("/api/projects/{project}/tasks", project)
                .then().statusCode(202);
        Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\", \"parameters\": "
                + "{\"format\": \"parquet\"}}").when().post("/api/projects/{project}/tasks", project)
                .then().statusCode(400).body("detail", equalTo("parameter format applies to generate tasks only"));
    }

    private static String generate(String modelTaskId, String format) {
        return "{\"type\": \"generate\", \"modelTaskId\": \"" + modelTaskId + "\", \"parameters\": {\"rows\": 5, "
                + "\"format\": " + format + "}}";
    }

    @Test
    void badRequestsGetProblemsNamingTheField() {
        String demo = project();
        Api.as("alice").body("{\"type\": \"train\"}")
                .when().post("/api/projects/{project}/tasks", demo)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("dataSource is required"));
        Api.as("alice").body(TRAIN)
                .when().post("/api/projects/Not A Name/tasks")
                .then().statusCode(400).body("detail", startsWith("project name must be"));
        Api.as("alice").body("{\"type\": \"generate\", \"modelTaskId\": \"" + UUID.randomUUID()
                + "\"}")
                .when().post("/api/projects/{project}/tasks", demo)
                .then().statusCode(400).body("detail", equalTo("modelTaskId does not name a train task of project "
                        + demo));
        Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\", \"modelConfig\": "
                + "{\"synthesizer\": \"gan\"}}")
                .when().post("/api/projects/{project}/tasks", demo)
                .then().statusCode(400).body("detail", equalTo("modelConfig: synthesizer gan is unknown; known "
                        + "synthesizers are [default, marginals]"));
        Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\", \"modelConfig\": "
                + "{\"privacy\": {\"k\": 0}}}")
                .when().post("/api/projects/{project}/tasks", demo)
                .then().statusCode(400).body("detail", equalTo("modelConfig: privacy.k must be at least 1"));
        Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\", \"modelConfig\": "
                + "{\"target\": \"Island\"}, \"parameters\": {\"target\": \"Species\"}}")
                .when().post("/api/projects/{project}/tasks", demo)
                .then().statusCode(400).body("detail", equalTo("modelConfig: the run's target Species differs from "
                        + "the model configuration's target Island; name one of them"));
        Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\", \"parameters\": "
                + "{\"target\": 3}}")
                .when().post("/api/projects/{project}/tasks", demo)
                .then().statusCode(400).body("detail", equalTo("parameters.target must be a column name"));
        Api.as("alice").when().get("/api/tasks/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        Api.as("alice").when().get("/api/tasks/not-a-uuid").then().statusCode(400).body("detail",
                equalTo("task id is not a UUID"));
    }

    private static String project() {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Api.project("alice", name, Map.of());
        return name;
    }

    private static String submit(String project) {
        return Api.as("alice").body(TRAIN)
                .when().post("/api/projects/{project}/tasks", project)
                .then().statusCode(202).extract().path("id");
    }

    private static TaskEvent event(String taskId, TaskState state, Progress progress, List<Artifact> artifacts,
            TaskError error) {
        return new TaskEvent(Contract.SCHEMA_VERSION, UUID.randomUUID().toString(), taskId, "default", state,
                Instant.now(), progress, Map.of(), artifacts, error);
    }
}
