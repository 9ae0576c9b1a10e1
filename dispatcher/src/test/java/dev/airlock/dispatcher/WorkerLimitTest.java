package dev.airlock.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskState;
import dev.airlock.dispatcher.kubernetes.JobFactory;
import dev.airlock.dispatcher.kubernetes.TestKubelet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code max-running-workers} holds exactly while tasks are launched several at once: with 3 slots and 8 launches at
 * once, 8 tasks give 3 Jobs and 5 tasks waiting in the queue in order; a cancel reaches a waiting task at once, and a
 * running task's cancel frees its slot for the next task in the queue.
 */
@QuarkusTest
@QuarkusTestResource(value = DispatcherTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KubernetesMockServerResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "dispatcher.max-running-workers", value = "3"),
        @ResourceArg(name = "dispatcher.launch-concurrency", value = "8") })
class WorkerLimitTest {

    private final List<TaskEvent> received = new ArrayList<>();

    @Test
    void atMostMaxRunningWorkersRunAndTheRestWaitInOrder() throws Exception {
        // Given: 8 tasks whose pods run until stopped
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String taskId = UUID.randomUUID().toString();
            tasks.add(taskId);
            KubernetesMockServerResource.kubelet.given(taskId, TestKubelet.Scenario.RUN_FOREVER);
        }

        // When
        for (String taskId : tasks) {
            ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId,
                    "penguins"))));
        }

        // Then: the first three run, the other five wait in the queue
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobTasks())
                .containsExactlyInAnyOrderElementsOf(tasks.subList(0, 3)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(jobTasks()).hasSize(3);
            assertThat(waitingInQueue()).isEqualTo(5);
        });

        // When: a waiting task is cancelled while every slot is taken
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.cancel(tasks.get(3))), "TaskCancel");

        // Then: it is cancelled at once, though its task message still waits behind it in the queue
        awaitState(tasks.get(3), TaskState.CANCELLED);
        assertThat(waitingInQueue()).isEqualTo(5);

        // When: a running task is cancelled
        ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.cancel(tasks.get(0))), "TaskCancel");

        // Then: its Job goes and the next task in the queue takes the slot; the cancelled waiting task never starts
        awaitState(tasks.get(0), TaskState.CANCELLED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobTasks())
                .containsExactlyInAnyOrder(tasks.get(1), tasks.get(2), tasks.get(4)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(jobTasks()).hasSize(3);
            assertThat(waitingInQueue()).isEqualTo(3);
        });
        assertThat(received).filteredOn(e -> e.taskId().equals(tasks.get(3))).extracting(TaskEvent::state)
                .containsExactly(TaskState.CANCELLED);

        // Finally: every task cancelled, the queue empties for the tests after this one
        for (String taskId : tasks) {
            ZoneTestSupport.publish(MessageCodec.encode(ZoneTestSupport.cancel(taskId)), "TaskCancel");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(waitingInQueue()).isZero();
            assertThat(jobTasks()).isEmpty();
        });
    }

    private List<String> jobTasks() {
        return KubernetesMockServerResource.client.batch().v1().jobs()
                .inNamespace(KubernetesMockServerResource.NAMESPACE).list().getItems().stream()
                .filter(job -> job.getMetadata().getDeletionTimestamp() == null)
                .map(Job::getMetadata).map(meta -> meta.getLabels().get(JobFactory.TASK_ID_LABEL)).toList();
    }

    private static long waitingInQueue() throws Exception {
        try (Connection connection = ZoneTestSupport.connect(); Channel channel = connection.createChannel()) {
            return channel.messageCount(ZoneTestSupport.TOPOLOGY.tasksQueue());
        }
    }

    private void awaitState(String taskId, TaskState state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            received.addAll(ZoneTestSupport.drainEvents());
            assertThat(received).filteredOn(e -> e.taskId().equals(taskId)).extracting(TaskEvent::state)
                    .contains(state);
        });
    }
}
