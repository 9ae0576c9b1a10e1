package dev.airlock.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.rabbitmq.client.GetResponse;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.DataSourceKind;
import dev.airlock.common.contract.DataSourceSpec;
import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.SealedCredentials;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.ZoneHeartbeat;
import dev.airlock.common.crypto.CredentialSealer;
import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.crypto.MessageSigner;
import dev.airlock.common.crypto.ZoneKeys;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.testing.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The dispatcher against real RabbitMQ and S3, launching the real worker as a local process. */
@QuarkusTest
@QuarkusTestResource(value = DispatcherTestResource.class, restrictToAnnotatedClass = true)
class TaskIntakeTest {

    private final List<TaskEvent> received = new ArrayList<>();
    @TestHTTPResource("/q/metrics")
    URI metricsUrl;

    @Test
    void aSignedTrainTaskRunsTheWorkerAndReportsInOrder() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        TaskRequest task = ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId, "penguins"));

        // When
        ZoneTestSupport.publish(MessageCodec.encode(task));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).extracting(TaskEvent::state).first().isEqualTo(TaskState.PENDING);
        assertThat(events).extracting(TaskEvent::state).last().isEqualTo(TaskState.COMPLETED);
        assertThat(events).extracting(TaskEvent::state).filteredOn(s -> s == TaskState.ACTIVE).isNotEmpty();
        TaskEvent completed = events.get(events.size() - 1);
        String prefix = TaskPaths.prefix("demo", taskId);
        assertThat(completed.artifacts()).extracting(a -> a.key())
                .containsExactlyInAnyOrder(prefix + TaskPaths.MODEL, prefix + TaskPaths.SYNTHETIC,
                        prefix + TaskPaths.REPORT);
        assertThat(completed.metrics()).containsEntry("rows.synthetic", 344.0);
        ObjectStore store = new ObjectStore(DispatcherTestResource.s3.settings());
        String synthetic = new String(store.read(DispatcherTestResource.SHARED_BUCKET, prefix + TaskPaths.SYNTHETIC),
                StandardCharsets.UTF_8);
        assertThat(synthetic.lines().findFirst()).contains(
                "Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex");
        assertThat(synthetic.lines().count()).isEqualTo(345);
    }

    @Test
    void aRedeliveredTaskStartsNoSecondWorker() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        byte[] body = MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId, "penguins")));

        // When
        ZoneTestSupport.publish(body);
        ZoneTestSupport.publish(body);

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).extracting(TaskEvent::state).filteredOn(s -> s == TaskState.PENDING).hasSize(1);
        assertThat(events).extracting(TaskEvent::state).filteredOn(TaskState::isTerminal)
                .containsExactly(TaskState.COMPLETED);
        Path workDir = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("dispatcher.local.work-dir", String.class), "tasks");
        try (Stream<Path> dirs = Files.list(workDir)) {
            assertThat(dirs.filter(d -> d.getFileName().toString().equals(taskId))).hasSize(1);
        }
    }

    @Test
    void aRaggedCsvEndsAsInvalidInputWithoutOutput() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "ragged"))));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        TaskEvent last = events.get(events.size() - 1);
        assertThat(last.state()).isEqualTo(TaskState.ERROR);
        assertThat(last.error().code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(last.error().message()).contains("row 3");
        ObjectStore store = new ObjectStore(DispatcherTestResource.s3.settings());
        assertThat(store.list(DispatcherTestResource.SHARED_BUCKET, TaskPaths.prefix("demo", taskId))).isEmpty();
    }

    @Test
    void anUnknownDataSourceEndsAsAnErrorNamingIt() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "payroll"))));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        TaskEvent last = events.get(events.size() - 1);
        assertThat(last.error().code()).isEqualTo(ErrorCode.UNKNOWN_REFERENCE);
        assertThat(last.error().message()).isEqualTo("data source 'payroll' is not configured in zone default");
    }

    @Test
    void aTaskCancelledBeforeItArrivesNeverStarts() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.cancel(taskId)), "TaskCancel");

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "penguins"))));
        String after = UUID.randomUUID().toString();
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(after,
                "penguins"))));

        // Then
        awaitTerminal(after);
        assertThat(received).filteredOn(e -> e.taskId().equals(taskId)).extracting(TaskEvent::state)
                .containsExactly(TaskState.CANCELLED);
        assertNoWorkerStarted(taskId);
    }

    @Test
    void aDataSourceDefinedInTheHubIsReadWithItsSealedCredentials() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        TaskRequest task = ZoneTestSupport.SIGNER.sign(withSource(ZoneTestSupport.train(taskId, "hub-penguins"),
                s3Source("hub-penguins", DispatcherTestResource.s3.settings().secretKey(), zoneKeys().publicKey())));

        // When
        ZoneTestSupport.publish(MessageCodec.encode(task));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).extracting(TaskEvent::state).last().isEqualTo(TaskState.COMPLETED);
        assertThat(events.get(events.size() - 1).metrics()).containsEntry("rows.source", 344.0);
        assertThat(new String(MessageCodec.encode(task), StandardCharsets.UTF_8))
                .doesNotContain(DispatcherTestResource.s3.settings().secretKey());
    }

    @Test
    void credentialsTheSourceRefusesEndAsSourceUnavailable() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        TaskRequest task = ZoneTestSupport.SIGNER.sign(withSource(ZoneTestSupport.train(taskId, "hub-penguins"),
                s3Source("hub-penguins", "wrong-secret-canary", zoneKeys().publicKey())));

        // When
        ZoneTestSupport.publish(MessageCodec.encode(task));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        TaskEvent last = events.get(events.size() - 1);
        assertThat(last.state()).isEqualTo(TaskState.ERROR);
        assertThat(last.error().code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
        assertThat(last.error().message()).startsWith("cannot read the data source's object from bucket zone-source")
                .doesNotContain("canary");
    }

    @Test
    void credentialsSealedToAnotherZoneEndAsSourceUnavailableAndNoWorkerStarts() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        ZoneKeys otherZone = ZoneKeys.derive(java.util.Base64.getEncoder()
                .encodeToString("another zone's root key, 32 byte".getBytes(StandardCharsets.UTF_8)));
        TaskRequest task = ZoneTestSupport.SIGNER.sign(withSource(ZoneTestSupport.train(taskId, "hub-penguins"),
                s3Source("hub-penguins", DispatcherTestResource.s3.settings().secretKey(), otherZone.publicKey())));

        // When
        ZoneTestSupport.publish(MessageCodec.encode(task));

        // Then
        assertThat(awaitTerminal(taskId)).singleElement().satisfies(event -> {
            assertThat(event.error().code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
            assertThat(event.error().message()).isEqualTo("data source 'hub-penguins': the credentials were sealed to "
                    + "zone key " + otherZone.keyId() + ", this zone's key is " + zoneKeys().keyId()
                    + ": enter them again in the hub");
        });
    }

    @Test
    void theZonePublishesItsCredentialKeyInAHeartbeat() {
        // When
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            received.addAll(ZoneTestSupport.drainEvents());
            assertThat(ZoneTestSupport.HEARTBEATS).isNotEmpty();
        });

        // Then
        ZoneHeartbeat heartbeat = ZoneTestSupport.HEARTBEATS.get(0);
        assertThat(heartbeat.zone()).isEqualTo("default");
        assertThat(heartbeat.keyId()).isEqualTo(zoneKeys().keyId());
        assertThat(heartbeat.publicKey()).isEqualTo(zoneKeys().publicKeyBase64());
        assertThat(heartbeat.dataSources()).containsExactly("penguins", "ragged");
        assertThat(heartbeat.maxRunningWorkers()).isPositive();
    }

    private static ZoneKeys zoneKeys() {
        return ZoneKeys.derive(DispatcherTestResource.ROOT_KEY);
    }

    private static DataSourceSpec s3Source(String name, String secretKey, java.security.PublicKey zoneKey) {
        SealedCredentials sealed = CredentialSealer.seal(
                Map.of("accessKey", DispatcherTestResource.s3.settings().accessKey(), "secretKey", secretKey), zoneKey,
                CredentialSealer.context("demo", name, "s3"));
        return new DataSourceSpec(DataSourceKind.S3, DispatcherTestResource.SOURCE_BUCKET, "tables/penguins.csv",
                DispatcherTestResource.s3.endpoint(), null, null, null, null, sealed);
    }

    private static TaskRequest withSource(TaskRequest plain, DataSourceSpec source) {
        return new TaskRequest(plain.schemaVersion(), plain.taskId(), plain.project(), plain.type(),
                plain.dataSource(), source, null, plain.modelConfig(), plain.parameters(), plain.output(),
                plain.requestedBy(), plain.limits(), plain.issuedAt(), null);
    }

    @Test
    void aSynthesizerTheLicenseLacksEndsAsALicenseError() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        TaskRequest plain = ZoneTestSupport.train(taskId, "penguins");
        TaskRequest marginals = new TaskRequest(plain.schemaVersion(), taskId, plain.project(), plain.type(),
                plain.dataSource(), null, null, JsonNodeFactory.instance.objectNode().put("synthesizer", "marginals"),
                plain.parameters(), plain.output(), plain.requestedBy(), plain.limits(), plain.issuedAt(), null);

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(marginals)));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.state()).isEqualTo(TaskState.ERROR);
            assertThat(event.error().code()).isEqualTo(ErrorCode.LICENSE);
            assertThat(event.error().message()).isEqualTo("the license does not include synthesizer 'marginals'");
        });
    }

    @Test
    void badlySignedAndMalformedMessagesGoToTheDeadLetterQueueWithTheReason() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        TaskRequest forged = new MessageSigner(Ed25519Keys.generate().getPrivate(), "test-hub-1")
                .sign(ZoneTestSupport.train(taskId, "penguins"));
        byte[] unsigned = MessageCodec.encode(ZoneTestSupport.train(UUID.randomUUID().toString(), "penguins"));

        // When
        ZoneTestSupport.publish(MessageCodec.encode(forged));
        ZoneTestSupport.publish(unsigned);
        ZoneTestSupport.publish("{not json".getBytes(StandardCharsets.UTF_8));

        // Then
        List<String> reasons = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (GetResponse letter : ZoneTestSupport.drainDeadLetters()) {
                reasons.add(letter.getProps().getHeaders().get(Contract.HEADER_REJECT_REASON).toString());
            }
            assertThat(reasons).containsExactlyInAnyOrder(
                    "TaskRequest signature does not verify with key 'test-hub-1'",
                    "TaskRequest is not signed",
                    "TaskRequest is not valid JSON");
        });
        String after = UUID.randomUUID().toString();
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(after,
                "penguins"))));
        assertThat(awaitTerminal(after)).extracting(TaskEvent::state).last().isEqualTo(TaskState.COMPLETED);
        assertThat(received).extracting(TaskEvent::taskId).doesNotContain(taskId);
    }

    @Test
    void aTaskThatWaitedPastTheMaxAgeEndsAsExpiredAndNeverStarts() throws Exception {
        // Given: signed by the hub, sent longer ago than the zone accepts (24 h)
        String taskId = UUID.randomUUID().toString();
        TaskRequest old = ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId, "penguins",
                java.time.Instant.now().minus(Duration.ofHours(25))));

        // When
        ZoneTestSupport.publish(MessageCodec.encode(old));

        // Then: the hub hears why, the message is kept in the dead-letter queue, and no worker ran
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).error().code()).isEqualTo(ErrorCode.EXPIRED);
        assertThat(events.get(0).error().message())
                .isEqualTo("the task waited in the queue longer than zone default accepts (PT24H); submit it again");
        List<String> reasons = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (GetResponse letter : ZoneTestSupport.drainDeadLetters()) {
                reasons.add(letter.getProps().getHeaders().get(Contract.HEADER_REJECT_REASON).toString());
            }
            assertThat(reasons).singleElement().asString().startsWith("TaskRequest is stale: issued 900");
        });
        assertNoWorkerStarted(taskId);
    }

    @Test
    void aFinishedTaskShowsInTheMetricsWithOnlyBoundedTags() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "penguins"))));

        // Then
        assertThat(awaitTerminal(taskId)).extracting(TaskEvent::state).last().isEqualTo(TaskState.COMPLETED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = scrape();
            assertThat(PrometheusText.sum(scrape, "airlock_tasks_finished_total", "state=\"completed\"",
                    "error_code=\"none\"")).isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.sum(scrape, "airlock_tasks_intake_total", "outcome=\"started\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.sum(scrape, "airlock_dispatch_latency_seconds_count", "type=\"train\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.sum(scrape, "airlock_worker_duration_seconds_count", "type=\"train\"",
                    "state=\"completed\"")).isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.sum(scrape, "airlock_workers_running")).isZero();
            assertThat(PrometheusText.sum(scrape, "airlock_workers_max")).isPositive();
            assertThat(PrometheusText.sum(scrape, "airlock_status_backlog")).isZero();
            assertThat(PrometheusText.sum(scrape, "airlock_task_queue_ready")).isZero();
        });
        String scrape = scrape();
        assertThat(scrape).doesNotContain(taskId).doesNotContain("penguins");
        assertThat(PrometheusText.labelNames(scrape, "airlock_")).isSubsetOf("outcome", "state", "error_code", "type",
                "le");
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metricsUrl).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static void assertNoWorkerStarted(String taskId) {
        Path workDir = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("dispatcher.local.work-dir", String.class), "tasks", taskId);
        assertThat(workDir).doesNotExist();
    }

    private List<TaskEvent> awaitTerminal(String taskId) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            received.addAll(ZoneTestSupport.drainEvents());
            assertThat(received).filteredOn(e -> e.taskId().equals(taskId)).extracting(TaskEvent::state)
                    .anyMatch(TaskState::isTerminal);
        });
        return received.stream().filter(e -> e.taskId().equals(taskId)).toList();
    }
}
