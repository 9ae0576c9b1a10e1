package dev.airlock.dispatcher.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.OutputLocation;
import dev.airlock.common.contract.Requester;
import dev.airlock.common.contract.TaskLimits;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.TaskType;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.testing.S3ProxyServer;
import dev.airlock.dispatcher.kubernetes.RecordingObserver;

/**
 * What every launcher must do, whatever runs the worker: the real worker jar reads a table from a real S3 server and
 * the launcher reports started, then finished with the worker's own result; a redelivered task starts no second
 * worker; a cancelled worker is never reported finished. Each launcher runs these in a subclass.
 */
public abstract class LauncherContractTest {

    static final String SOURCE_BUCKET = "zone-source";
    static final String SHARED_BUCKET = "airlock-shared";
    static S3ProxyServer s3;

    /** @return a launcher, fresh for each test, whose workers this test's environment reaches */
    protected abstract WorkerLauncher launcher();

    @BeforeAll
    static void startStore() throws Exception {
        s3 = S3ProxyServer.start();
        ObjectStore store = new ObjectStore(s3.settings());
        store.ensureBucket(SOURCE_BUCKET);
        store.ensureBucket(SHARED_BUCKET);
        store.upload(SOURCE_BUCKET, "tables/penguins.csv", Path.of("../data/penguins.csv"), "text/csv");
        store.put(SOURCE_BUCKET, "tables/ragged.csv", "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    @AfterAll
    static void stopStore() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aWorkerIsReportedStartedThenFinishedWithItsOwnResult() {
        // Given
        WorkerLauncher launcher = launcher();
        RecordingObserver observer = new RecordingObserver();
        launcher.recover(observer);
        TaskRequest task = task();

        // When
        WorkerLauncher.Outcome outcome = launcher.launch(task, environment("tables/penguins.csv"), observer);

        // Then
        assertThat(outcome).isEqualTo(WorkerLauncher.Outcome.STARTED);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).contains("finished"));
        List<String> kinds = observer.kindsOf(task.taskId());
        assertThat(kinds).first().isEqualTo("started");
        assertThat(kinds).last().isEqualTo("finished");
        assertThat(kinds).filteredOn(kind -> kind.equals("finished") || kind.equals("lost")).hasSize(1);
        RecordingObserver.Report end = observer.of(task.taskId()).get(kinds.size() - 1);
        assertThat(end.result().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(end.result().artifacts()).extracting(a -> a.key()).containsExactlyInAnyOrder(
                task.output().prefix() + TaskPaths.MODEL, task.output().prefix() + TaskPaths.SYNTHETIC,
                task.output().prefix() + TaskPaths.REPORT);
        assertThat(launcher.isRunning(task.taskId())).isFalse();
        assertThat(launcher.running()).isZero();
    }

    @Test
    void aWorkerThatRejectsItsInputIsReportedWithItsErrorCode() {
        // Given
        WorkerLauncher launcher = launcher();
        RecordingObserver observer = new RecordingObserver();
        launcher.recover(observer);
        TaskRequest task = task();

        // When
        launcher.launch(task, environment("tables/ragged.csv"), observer);

        // Then
        await().atMost(Duration.ofSeconds(90)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).contains("finished"));
        RecordingObserver.Report end = observer.of(task.taskId()).get(observer.of(task.taskId()).size() - 1);
        assertThat(end.result().state()).isEqualTo(TaskState.ERROR);
        assertThat(end.result().error().code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(end.result().error().message()).contains("row 3");
    }

    @Test
    void aRedeliveredTaskStartsNoSecondWorker() {
        // Given
        WorkerLauncher launcher = launcher();
        RecordingObserver observer = new RecordingObserver();
        launcher.recover(observer);
        TaskRequest task = task();
        launcher.launch(task, environment("tables/penguins.csv"), observer);

        // When
        WorkerLauncher.Outcome again = launcher.launch(task, environment("tables/penguins.csv"), observer);

        // Then
        assertThat(again).isEqualTo(WorkerLauncher.Outcome.ALREADY_LAUNCHED);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).contains("finished"));
        assertThat(observer.kindsOf(task.taskId())).filteredOn("started"::equals).hasSize(1);
        assertThat(observer.kindsOf(task.taskId())).filteredOn("finished"::equals).hasSize(1);
    }

    @Test
    void aCancelledWorkerStopsAndIsNeverReportedFinished() {
        // Given
        WorkerLauncher launcher = launcher();
        RecordingObserver observer = new RecordingObserver();
        launcher.recover(observer);
        TaskRequest task = task();
        launcher.launch(task, environment("tables/penguins.csv"), observer);
        await().atMost(Duration.ofSeconds(30)).until(() -> launcher.isRunning(task.taskId()));

        // When
        boolean wasRunning = launcher.cancel(task.taskId());

        // Then
        assertThat(wasRunning).isTrue();
        assertThat(launcher.isRunning(task.taskId())).isFalse();
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                observer.kindsOf(task.taskId())).doesNotContain("finished", "lost"));
        assertThat(launcher.running()).isZero();
    }

    /** @return the worker's environment for a table in the source bucket */
    protected Map<String, String> environment(String sourceKey) {
        Map<String, String> environment = new HashMap<>();
        environment.put(WorkerEnvironment.S3_ENDPOINT, s3.endpoint());
        environment.put(WorkerEnvironment.S3_ACCESS_KEY, s3.settings().accessKey());
        environment.put(WorkerEnvironment.S3_SECRET_KEY, s3.settings().secretKey());
        environment.put(WorkerEnvironment.S3_REGION, "us-east-1");
        environment.put(WorkerEnvironment.SHARED_BUCKET, SHARED_BUCKET);
        environment.put(WorkerEnvironment.SOURCE_BUCKET, SOURCE_BUCKET);
        environment.put(WorkerEnvironment.SOURCE_KEY, sourceKey);
        return environment;
    }

    /** @return the worker jar the build made */
    protected static Path workerJar() {
        return Path.of(System.getProperty("airlock.worker.jar"));
    }

    /** @return a train task of project {@code demo} on data source {@code penguins}, with a fresh id */
    public static TaskRequest task() {
        String taskId = UUID.randomUUID().toString();
        return new TaskRequest(Contract.SCHEMA_VERSION, taskId, "demo", TaskType.TRAIN, "penguins", null, null,
                JsonNodeFactory.instance.objectNode(), Map.of("seed", 1),
                new OutputLocation(TaskPaths.prefix("demo", taskId)), new Requester("tester", null),
                new TaskLimits(3600), Instant.now(), null);
    }
}
