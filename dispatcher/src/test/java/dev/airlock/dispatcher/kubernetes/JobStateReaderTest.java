package dev.airlock.dispatcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.TaskState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;

/** The reading of Job and pod status alone, for the orderings the test kubelet does not produce. */
class JobStateReaderTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final JobStateReader READER = new JobStateReader(Duration.ofMinutes(5));

    static Job job(String condition, String reason) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName("airlock-x").endMetadata().withNewSpec()
                .withActiveDeadlineSeconds(600L).endSpec();
        if (condition != null) {
            job.withNewStatus().withConditions(new JobConditionBuilder().withType(condition).withStatus("True")
                    .withReason(reason).build()).endStatus();
        }
        return job.build();
    }

    static Pod terminated(int exitCode, String reason, String message) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
                .withContainerStatuses(new ContainerStatusBuilder().withName(JobFactory.CONTAINER)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                                .withReason(reason).withMessage(message).endTerminated().build())
                        .build())
                .endStatus().build();
    }

    static Pod waiting(String reason) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
                .withContainerStatuses(new ContainerStatusBuilder().withName(JobFactory.CONTAINER).withImage("w:1")
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build())
                        .build())
                .endStatus().build();
    }

    static Pod unschedulableSince(Instant since) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase("Pending")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable").withLastTransitionTime(since.toString()).build())
                .endStatus().build();
    }

    @Test
    void theDeadlineWinsOverTheExitCodeOfTheKilledPod() {
        // When
        var observation = READER.read(job("Failed", "DeadlineExceeded"), List.of(terminated(143, "Error", null)), NOW);

        // Then
        assertThat(observation).isInstanceOfSatisfying(JobStateReader.Ended.class,
                end -> assertThat(end.result().error().code()).isEqualTo(ErrorCode.MAX_DURATION));
    }

    @Test
    void aTerminatedPodWaitsForTheJobControllersVerdict() {
        // When
        var observation = READER.read(job(null, null), List.of(terminated(143, "Error", null)), NOW);

        // Then
        assertThat(observation).isInstanceOf(JobStateReader.Active.class);
    }

    @Test
    void theWorkersOwnErrorIsKeptWithItsCode() {
        // Given
        String result = "{\"state\":\"error\",\"error\":{\"code\":\"INVALID_INPUT\",\"message\":\"row 3 has 2 fields\"}}";

        // When
        var observation = READER.read(job("Failed", "BackoffLimitExceeded"), List.of(terminated(2, "Error", result)),
                NOW);

        // Then
        assertThat(observation).isInstanceOfSatisfying(JobStateReader.Ended.class, end -> {
            assertThat(end.result().state()).isEqualTo(TaskState.ERROR);
            assertThat(end.result().error().code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(end.result().error().message()).isEqualTo("row 3 has 2 fields");
        });
    }

    @Test
    void exitZeroWithoutAResultIsAFailure() {
        // When
        var observation = READER.read(job("Complete", null), List.of(terminated(0, "Completed", null)), NOW);

        // Then
        assertThat(observation).isInstanceOfSatisfying(JobStateReader.Ended.class, end -> {
            assertThat(end.result().error().code()).isEqualTo(ErrorCode.WORKER_FAILED);
            assertThat(end.result().error().message()).isEqualTo("the worker exited with code 0 without a result");
        });
    }

    @Test
    void aFirstPullErrorIsRetriedAndABackOffEndsTheTask() {
        // When
        var first = READER.read(job(null, null), List.of(waiting("ErrImagePull")), NOW);
        var backOff = READER.read(job(null, null), List.of(waiting("ImagePullBackOff")), NOW);

        // Then
        assertThat(first).isInstanceOf(JobStateReader.Pending.class);
        assertThat(backOff).isInstanceOfSatisfying(JobStateReader.Ended.class, end -> {
            assertThat(end.result().error().code()).isEqualTo(ErrorCode.IMAGE_PULL);
            assertThat(end.deleteJob()).isTrue();
        });
    }

    @Test
    void anUnschedulablePodEndsTheTaskOnlyAfterTheConfiguredTime() {
        // When
        var early = READER.read(job(null, null), List.of(unschedulableSince(NOW.minusSeconds(299))), NOW);
        var late = READER.read(job(null, null), List.of(unschedulableSince(NOW.minusSeconds(300))), NOW);

        // Then
        assertThat(early).isInstanceOf(JobStateReader.Pending.class);
        assertThat(late).isInstanceOfSatisfying(JobStateReader.Ended.class,
                end -> assertThat(end.result().error().message()).isEqualTo("no node could take the worker for 300 s"));
    }

    @Test
    void aFailedJobWhosePodIsGoneIsAWorkerFailure() {
        // When
        var observation = READER.read(job("Failed", "BackoffLimitExceeded"), List.of(), NOW);

        // Then
        assertThat(observation).isInstanceOfSatisfying(JobStateReader.Ended.class, end -> assertThat(
                end.result().error().message()).isEqualTo("the Job failed (BackoffLimitExceeded)"));
    }

    @Test
    void aJobEndedWithoutItsPodsEndInTheCacheAsksForThePods() {
        // Given
        Pod running = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
                .withContainerStatuses(new ContainerStatusBuilder().withName(JobFactory.CONTAINER)
                        .withState(new ContainerStateBuilder().withNewRunning().endRunning().build()).build())
                .endStatus().build();

        // When / Then
        assertThat(JobStateReader.endedBeforeItsPod(job("Complete", null), List.of(running))).isTrue();
        assertThat(JobStateReader.endedBeforeItsPod(job("Failed", "BackoffLimitExceeded"), List.of())).isTrue();
        assertThat(JobStateReader.endedBeforeItsPod(job("Complete", null), List.of(terminated(0, "Completed", null))))
                .isFalse();
        assertThat(JobStateReader.endedBeforeItsPod(job("Failed", "DeadlineExceeded"), List.of())).isFalse();
        assertThat(JobStateReader.endedBeforeItsPod(job(null, null), List.of(running))).isFalse();
    }
}
