package dev.airlock.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.dispatcher.kubernetes.JobFactory;
import dev.airlock.dispatcher.kubernetes.TestKubelet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dispatcher with {@code dispatcher.launcher=kubernetes} against real RabbitMQ and S3 and fabric8's mock API
 * server; the test kubelet runs the real worker with the Job's environment and Secret.
 */
@QuarkusTest
@QuarkusTestResource(value = DispatcherTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KubernetesMockServerResource.class, restrictToAnnotatedClass = true)
class KubernetesTaskIntakeTest {

    private final List<TaskEvent> received = new ArrayList<>();

    @jakarta.inject.Inject
    dev.airlock.dispatcher.intake.WorkerHeartbeats heartbeats;

    @Test
    void aSignedTrainTaskRunsAsAJobAndReportsPendingActiveCompleted() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        TaskRequest task = ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId, "penguins"));

        // When
        ZoneTestSupport.publish(MessageCodec.encode(task));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).extracting(TaskEvent::state).first().isEqualTo(TaskState.PENDING);
        assertThat(events).extracting(TaskEvent::state).last().isEqualTo(TaskState.COMPLETED);
        assertThat(events.subList(1, events.size() - 1)).extracting(TaskEvent::state).isNotEmpty()
                .containsOnly(TaskState.ACTIVE);
        // progress reaches the hub from the pod through the worker's heartbeats
        assertThat(events).filteredOn(e -> e.progress() != null).extracting(e -> e.progress().phase())
                .contains("write").hasSizeGreaterThanOrEqualTo(2);
        String prefix = TaskPaths.prefix("demo", taskId);
        assertThat(events.get(events.size() - 1).artifacts()).extracting(a -> a.key())
                .containsExactlyInAnyOrder(prefix + TaskPaths.MODEL, prefix + TaskPaths.SYNTHETIC,
                        prefix + TaskPaths.REPORT);
        String synthetic = new String(new ObjectStore(DispatcherTestResource.s3.settings())
                .read(DispatcherTestResource.SHARED_BUCKET, prefix + TaskPaths.SYNTHETIC), StandardCharsets.UTF_8);
        assertThat(synthetic.lines().count()).isEqualTo(345);
        Job job = KubernetesMockServerResource.client.batch().v1().jobs()
                .inNamespace(KubernetesMockServerResource.NAMESPACE).withName(JobFactory.jobName(taskId)).get();
        assertThat(job.getMetadata().getLabels()).containsEntry(JobFactory.TASK_ID_LABEL, taskId);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/airlock-dev/airlock-worker:test");
    }

    @Test
    void aRunningTaskCancelledLosesItsJobAndEndsCancelled() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        KubernetesMockServerResource.kubelet.given(taskId, TestKubelet.Scenario.RUN_FOREVER);
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "penguins"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            received.addAll(ZoneTestSupport.drainEvents());
            assertThat(received).filteredOn(e -> e.taskId().equals(taskId)).extracting(TaskEvent::state)
                    .contains(TaskState.ACTIVE);
        });

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.cancel(taskId)), "TaskCancel");

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).extracting(TaskEvent::state).containsExactly(TaskState.PENDING, TaskState.ACTIVE,
                TaskState.CANCELLED);
        assertThat(KubernetesMockServerResource.client.batch().v1().jobs()
                .inNamespace(KubernetesMockServerResource.NAMESPACE).withName(JobFactory.jobName(taskId)).get())
                .isNull();
    }

    @Test
    void aWorkerThatFallsSilentIsStoppedAndItsTaskLost() throws Exception {
        // Given: a pod that runs but whose worker never beats
        String taskId = UUID.randomUUID().toString();
        KubernetesMockServerResource.kubelet.given(taskId, TestKubelet.Scenario.RUN_FOREVER);

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "penguins"))));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).extracting(TaskEvent::state).containsExactly(TaskState.PENDING, TaskState.ACTIVE,
                TaskState.LOST);
        assertThat(KubernetesMockServerResource.client.batch().v1().jobs()
                .inNamespace(KubernetesMockServerResource.NAMESPACE).withName(JobFactory.jobName(taskId)).get())
                .isNull();
    }

    @Test
    void aHeartbeatNeedsItsTasksToken() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        java.net.URI url = java.net.URI.create(heartbeats.url(taskId));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String body = "{\"phase\": \"fit\", \"fraction\": 0.5}";

        // When
        int forged = http.send(java.net.http.HttpRequest.newBuilder(url).header("Authorization", "Bearer forged")
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers
                        .ofString(body))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        int notRunning = http.send(java.net.http.HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + heartbeats.token(taskId))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers
                        .ofString(body))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();

        // Then
        assertThat(forged).isEqualTo(401);
        assertThat(notRunning).isEqualTo(404);
    }

    @Test
    void anOomKilledWorkerEndsAsOomKilled() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        KubernetesMockServerResource.kubelet.given(taskId, TestKubelet.Scenario.OOM_KILLED);

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "penguins"))));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        TaskEvent last = events.get(events.size() - 1);
        assertThat(last.state()).isEqualTo(TaskState.ERROR);
        assertThat(last.error().code()).isEqualTo(ErrorCode.OOM_KILLED);
    }

    @Test
    void aWorkerClassTheZoneLacksEndsAsAnErrorNamingIt() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        TaskRequest plain = ZoneTestSupport.train(taskId, "penguins");
        TaskRequest highmem = new TaskRequest(plain.schemaVersion(), taskId, plain.project(), plain.type(),
                plain.dataSource(), null, null, plain.modelConfig(), Map.of("seed", 1, "workerClass", "highmem"),
                plain.output(), plain.requestedBy(), plain.limits(), plain.issuedAt(), null);

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(highmem)));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.error().code()).isEqualTo(ErrorCode.UNKNOWN_REFERENCE);
            assertThat(event.error().message()).isEqualTo("worker class 'highmem' is not configured in zone default");
        });
    }

    @Test
    void aLaunchThatFailsIsRetriedInTheDispatcherAndTheTaskRunsOnceTheWayIsClear() throws Exception {
        // Given: another owner's Job holds the name of the task's Job
        String taskId = UUID.randomUUID().toString();
        KubernetesMockServerResource.kubelet.given(taskId, TestKubelet.Scenario.COMPLETE);
        createForeignJob(taskId);

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "penguins"))));
        Thread.sleep(1500);
        received.addAll(ZoneTestSupport.drainEvents());
        assertThat(received).extracting(TaskEvent::taskId).doesNotContain(taskId);
        KubernetesMockServerResource.client.batch().v1().jobs().inNamespace(KubernetesMockServerResource.NAMESPACE)
                .withName(JobFactory.jobName(taskId)).delete();

        // Then: one of the retries creates the Job; the message was never requeued into the dead-letter queue
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).extracting(TaskEvent::state).first().isEqualTo(TaskState.PENDING);
        assertThat(events).extracting(TaskEvent::state).last().isEqualTo(TaskState.COMPLETED);
        assertThat(ZoneTestSupport.drainDeadLetters()).isEmpty();
    }

    @Test
    void aTaskThatCannotBeLaunchedWithinTheRetryWindowEndsAsLaunchFailedAndTheForeignJobStays() throws Exception {
        // Given
        String taskId = UUID.randomUUID().toString();
        createForeignJob(taskId);

        // When
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                "penguins"))));

        // Then
        List<TaskEvent> events = awaitTerminal(taskId);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.error().code()).isEqualTo(ErrorCode.LAUNCH_FAILED);
            assertThat(event.error().message()).startsWith("no worker could be started within PT6S: Job "
                    + JobFactory.jobName(taskId) + " exists but is not the Job of task " + taskId);
        });
        assertThat(KubernetesMockServerResource.client.batch().v1().jobs()
                .inNamespace(KubernetesMockServerResource.NAMESPACE).withName(JobFactory.jobName(taskId)).get()
                .getMetadata().getLabels()).containsEntry("app", "someone-else");
        assertThat(ZoneTestSupport.drainDeadLetters()).isEmpty();
    }

    /** A Job of another owner under the name the dispatcher would give the task's Job; the kubelet leaves it be. */
    private static void createForeignJob(String taskId) {
        String owner = "foreign-" + taskId;
        KubernetesMockServerResource.kubelet.given(owner, TestKubelet.Scenario.NOTHING);
        KubernetesMockServerResource.client.batch().v1().jobs().inNamespace(KubernetesMockServerResource.NAMESPACE)
                .resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata()
                        .withName(JobFactory.jobName(taskId))
                        .withLabels(Map.of("app", "someone-else", JobFactory.TASK_ID_LABEL, owner)).endMetadata()
                        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("other")
                        .withImage("busybox").endContainer().withRestartPolicy("Never").endSpec().endTemplate()
                        .endSpec().build())
                .create();
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
