package dev.airlock.dispatcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.dispatcher.launch.LaunchException;
import dev.airlock.dispatcher.launch.LauncherContractTest;
import dev.airlock.dispatcher.launch.WorkerLauncher;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/**
 * The Kubernetes launcher against fabric8's mock API server in CRUD mode, with {@link TestKubelet} playing the
 * cluster: every state and error code is reached through Job and pod status, as on a real cluster.
 */
@EnableKubernetesMockClient(crud = true)
class JobLauncherTest {

    static final String NAMESPACE = "airlock-test";
    static KubernetesClient client;

    private static TestKubelet kubelet;
    private final List<JobLauncher> launchers = new ArrayList<>();

    static JobSettings settings() {
        return new JobSettings("default", NAMESPACE, 3600, 3600, new Quantity("1Gi"), List.of(),
                Map.of("app.kubernetes.io/name", "airlock-worker"), new PodSecurityContext(), new SecurityContext(),
                Map.of("train", new JobSettings.WorkerClassSettings("airlock-worker:test", null,
                        new ResourceRequirements(), Map.of(), List.of(), null)));
    }

    static TaskRequest task() {
        return LauncherContractTest.task();
    }

    JobLauncher newLauncher(double rate) {
        JobLauncher launcher = launcher(client, rate, Duration.ofSeconds(1));
        launchers.add(launcher);
        return launcher;
    }

    /**
     * @param client the mock server's client
     * @param rate Job creations per second, 0 for no limit
     * @param unschedulableAfter how long a pod may stay unschedulable
     * @return a launcher on the test namespace, relisting every 300 ms
     */
    static JobLauncher launcher(KubernetesClient client, double rate, Duration unschedulableAfter) {
        return new JobLauncher(client, new JobFactory(settings()), new JobStateReader(unschedulableAfter),
                new CreateRateLimiter(rate, 30, System::nanoTime), Duration.ofMillis(300), Clock.systemUTC());
    }

    @BeforeAll
    static void startKubelet() {
        kubelet = new TestKubelet(client, NAMESPACE, Path.of(System.getProperty("airlock.worker.jar", "none")));
    }

    @AfterAll
    static void stopKubelet() {
        kubelet.close();
    }

    @AfterEach
    void stopLaunchers() {
        launchers.forEach(JobLauncher::close);
    }

    @Test
    void aCompletedWorkerIsReportedWithItsResult() {
        // Given
        RecordingObserver observer = new RecordingObserver();
        JobLauncher launcher = newLauncher(20);
        launcher.recover(observer);
        TaskRequest task = task();
        kubelet.given(task.taskId(), TestKubelet.Scenario.COMPLETE);

        // When
        WorkerLauncher.Outcome outcome = launcher.launch(task, Map.of("AIRLOCK_S3_SECRET_KEY", "s"), observer);

        // Then
        assertThat(outcome).isEqualTo(WorkerLauncher.Outcome.STARTED);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).last().isEqualTo("finished"));
        assertThat(observer.kindsOf(task.taskId())).first().isEqualTo("started");
        RecordingObserver.Report end = observer.of(task.taskId()).get(observer.of(task.taskId()).size() - 1);
        assertThat(end.result().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(end.result().artifacts()).extracting(a -> a.key())
                .containsExactly(task.output().prefix() + TaskPaths.MODEL);
        assertThat(launcher.running()).isZero();
        assertThat(client.secrets().inNamespace(NAMESPACE).withName(JobFactory.jobName(task.taskId())).get()
                .getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo(JobFactory.jobName(task.taskId())));
    }

    @Test
    void aRunningPodMakesTheTaskActive() {
        // Given
        RecordingObserver observer = new RecordingObserver();
        JobLauncher launcher = newLauncher(20);
        launcher.recover(observer);
        TaskRequest task = task();
        kubelet.given(task.taskId(), TestKubelet.Scenario.RUN_FOREVER);

        // When
        launcher.launch(task, Map.of(), observer);

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).containsExactly("started", "active"));
        assertThat(launcher.running()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
            "OOM_KILLED, OOM_KILLED, the worker was killed for using more memory than its limit, true",
            "EXIT_1, WORKER_FAILED, the worker exited with code 1, true",
            "IMAGE_PULL_BACK_OFF, IMAGE_PULL, the worker image airlock-worker:test cannot be pulled (ImagePullBackOff), false",
            "UNSCHEDULABLE, UNSCHEDULABLE, no node could take the worker for 1 s, false",
            "DEADLINE_EXCEEDED, MAX_DURATION, the worker ran longer than 3600 s, true",
            "POD_DELETED, WORKER_FAILED, the Job failed (BackoffLimitExceeded), true" })
    void whatTheClusterDoesEndsTheTaskWithItsCode(TestKubelet.Scenario scenario, ErrorCode code, String message,
            boolean jobStays) {
        // Given
        RecordingObserver observer = new RecordingObserver();
        JobLauncher launcher = newLauncher(20);
        launcher.recover(observer);
        TaskRequest task = task();
        kubelet.given(task.taskId(), scenario);

        // When
        launcher.launch(task, Map.of(), observer);

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).last().isEqualTo("finished"));
        RecordingObserver.Report end = observer.of(task.taskId()).get(observer.of(task.taskId()).size() - 1);
        assertThat(end.result().state()).isEqualTo(TaskState.ERROR);
        assertThat(end.result().error().code()).isEqualTo(code);
        assertThat(end.result().error().message()).isEqualTo(message);
        assertThat(observer.kindsOf(task.taskId())).filteredOn("finished"::equals).hasSize(1);
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).withName(JobFactory.jobName(task.taskId()))
                .get() != null).isEqualTo(jobStays);
    }

    @Test
    void aJobThatVanishesLosesTheTask() {
        // Given
        RecordingObserver observer = new RecordingObserver();
        JobLauncher launcher = newLauncher(20);
        launcher.recover(observer);
        TaskRequest task = task();
        kubelet.given(task.taskId(), TestKubelet.Scenario.JOB_DELETED);

        // When
        launcher.launch(task, Map.of(), observer);

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).last().isEqualTo("lost"));
        assertThat(launcher.running()).isZero();
    }

    @Test
    void aCancelledTaskLosesItsJobAndIsNotReportedLost() {
        // Given
        RecordingObserver observer = new RecordingObserver();
        JobLauncher launcher = newLauncher(20);
        launcher.recover(observer);
        TaskRequest task = task();
        kubelet.given(task.taskId(), TestKubelet.Scenario.RUN_FOREVER);
        launcher.launch(task, Map.of(), observer);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).contains("active"));

        // When
        boolean wasRunning = launcher.cancel(task.taskId());

        // Then
        assertThat(wasRunning).isTrue();
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).withName(JobFactory.jobName(task.taskId())).get())
                .isNull();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).containsExactly("started", "active"));
        assertThat(launcher.running()).isZero();
    }

    @Test
    void aDuplicateDeliveryCreatesOneJob() {
        // Given
        RecordingObserver observer = new RecordingObserver();
        JobLauncher launcher = newLauncher(20);
        launcher.recover(observer);
        TaskRequest task = task();
        kubelet.given(task.taskId(), TestKubelet.Scenario.RUN_FOREVER);
        launcher.launch(task, Map.of(), observer);

        // When
        WorkerLauncher.Outcome second = launcher.launch(task, Map.of(), observer);

        // Then
        assertThat(second).isEqualTo(WorkerLauncher.Outcome.ALREADY_LAUNCHED);
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE)
                .withLabel(JobFactory.TASK_ID_LABEL, task.taskId()).list().getItems()).hasSize(1);
        assertThat(observer.kindsOf(task.taskId())).filteredOn("started"::equals).hasSize(1);
    }

    @Test
    void aJobOfTheSameNameThatIsNotTheTasksIsNotAdopted() {
        // Given
        RecordingObserver observer = new RecordingObserver();
        JobLauncher launcher = newLauncher(20);
        TaskRequest task = task();
        kubelet.given(task.taskId(), TestKubelet.Scenario.NOTHING);
        client.batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder().withNewMetadata()
                .withName(JobFactory.jobName(task.taskId())).addToLabels("app", "someone-else").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("x").withImage("x")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();

        // When / Then
        assertThatThrownBy(() -> launcher.launch(task, Map.of(), observer)).isInstanceOf(LaunchException.class)
                .hasMessage("Job " + JobFactory.jobName(task.taskId()) + " exists but is not the Job of task "
                        + task.taskId() + " (labels differ); refusing to adopt it");
    }

    @Test
    void aDispatcherKilledBetweenCreateAndAckFindsTheJobAfterRestart() {
        // Given: the first dispatcher created the Job and died before acking
        TaskRequest task = task();
        kubelet.given(task.taskId(), TestKubelet.Scenario.COMPLETE);
        RecordingObserver before = new RecordingObserver();
        JobLauncher crashed = newLauncher(20);
        crashed.recover(before);
        crashed.launch(task, Map.of(), before);
        crashed.close();

        // When: the restarted dispatcher re-attaches, then gets the task again
        RecordingObserver after = new RecordingObserver();
        JobLauncher restarted = newLauncher(20);
        restarted.recover(after);
        WorkerLauncher.Outcome redelivered = restarted.launch(task, Map.of(), after);

        // Then
        assertThat(redelivered).isEqualTo(WorkerLauncher.Outcome.ALREADY_LAUNCHED);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(after.kindsOf(task.taskId())).contains("finished"));
        assertThat(after.of(task.taskId())).filteredOn(r -> r.kind().equals("finished")).singleElement()
                .satisfies(r -> assertThat(r.result().state()).isEqualTo(TaskState.COMPLETED));
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE)
                .withLabel(JobFactory.TASK_ID_LABEL, task.taskId()).list().getItems()).hasSize(1);
    }

    @Test
    void aJobSeenCompleteBeforeItsPodIsReportedWithThePodsResult() {
        // Given: a pod the launcher's pod informer does not hold (no zone label), as when its watch lags the Job's
        RecordingObserver observer = new RecordingObserver();
        JobLauncher launcher = newLauncher(20);
        launcher.recover(observer);
        TaskRequest task = task();
        kubelet.given(task.taskId(), TestKubelet.Scenario.NOTHING);
        launcher.launch(task, Map.of(), observer);
        String name = JobFactory.jobName(task.taskId());
        String result = new String(MessageCodec.encode(new WorkerResult(TaskState.COMPLETED,
                List.of(new Artifact("model", task.output().prefix() + TaskPaths.MODEL, 42)), Map.of(), null)),
                StandardCharsets.UTF_8);
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name + "-pod")
                .addToLabels(JobFactory.MANAGED_BY_LABEL, JobFactory.MANAGED_BY)
                .addToLabels(JobFactory.TASK_ID_LABEL, task.taskId()).endMetadata()
                .withNewSpec().addNewContainer().withName(JobFactory.CONTAINER).withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase("Succeeded").addNewContainerStatus().withName(JobFactory.CONTAINER)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").withMessage(result)
                .endTerminated().endState().endContainerStatus().endStatus().build()).create();

        // When: the Job controller's verdict arrives
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).edit(j -> new JobBuilder(j).withNewStatus()
                .addNewCondition().withType("Complete").withStatus("True").endCondition().withSucceeded(1)
                .endStatus().build());

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(observer.kindsOf(task.taskId())).contains("finished"));
        assertThat(observer.of(task.taskId())).filteredOn(r -> r.kind().equals("finished")).singleElement()
                .satisfies(r -> assertThat(r.result().state()).isEqualTo(TaskState.COMPLETED))
                .satisfies(r -> assertThat(r.result().artifacts()).extracting(Artifact::key)
                        .containsExactly(task.output().prefix() + TaskPaths.MODEL));
    }
}
