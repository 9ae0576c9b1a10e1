package dev.airlock.dispatcher.kubernetes;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskError;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.common.contract.WorkerResult;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/**
 * Reads where a task stands from its Job and pods, as the informers last saw them. A pure function: the launcher
 * decides what to report and when.
 */
public final class JobStateReader {

    /** Waiting reasons after which the image will not come without someone acting. */
    static final Set<String> IMAGE_PULL_REASONS = Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

    private final Duration unschedulableAfter;

    /**
     * @param unschedulableAfter how long a pod may stay unschedulable before the task fails
     */
    public JobStateReader(Duration unschedulableAfter) {
        this.unschedulableAfter = unschedulableAfter;
    }

    /** Where a task stands. */
    public sealed interface Observation {
    }

    /** The Job exists, its worker does not run yet. */
    public record Pending() implements Observation {
    }

    /** The worker runs. */
    public record Active() implements Observation {
    }

    /**
     * The task ended.
     *
     * @param result what the worker reported, or a result made from how it ended
     * @param deleteJob whether the Job still holds or waits for resources and must be deleted
     */
    public record Ended(WorkerResult result, boolean deleteJob) implements Observation {
    }

    /**
     * @param job the task's Job
     * @param pods the Job's pods
     * @param now the time
     * @return where the task stands
     */
    public Observation read(Job job, List<Pod> pods, Instant now) {
        Optional<JobCondition> failed = condition(job, "Failed");
        Optional<JobCondition> complete = condition(job, "Complete");
        if (failed.isPresent() && "DeadlineExceeded".equals(failed.get().getReason())) {
            return ended(ErrorCode.MAX_DURATION, "the worker ran longer than "
                    + job.getSpec().getActiveDeadlineSeconds() + " s", false);
        }
        boolean running = false;
        for (Pod pod : pods) {
            Optional<ContainerStatus> worker = workerStatus(pod);
            ContainerStateTerminated terminated = worker.map(s -> s.getState().getTerminated()).orElse(null);
            if (terminated != null) {
                // the Job controller has the last word: a pod killed at the deadline ends as MAX_DURATION
                if (failed.isPresent() || complete.isPresent()) {
                    return new Ended(resultOf(terminated), false);
                }
                running = true;
                continue;
            }
            ContainerStateWaiting waiting = worker.map(s -> s.getState().getWaiting()).orElse(null);
            if (waiting != null && IMAGE_PULL_REASONS.contains(waiting.getReason())) {
                return ended(ErrorCode.IMAGE_PULL, "the worker image " + worker.get().getImage()
                        + " cannot be pulled (" + waiting.getReason() + ")", true);
            }
            Optional<PodCondition> unschedulable = podCondition(pod, "PodScheduled")
                    .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
            if (unschedulable.isPresent()) {
                Instant since = parse(unschedulable.get().getLastTransitionTime())
                        .or(() -> parse(pod.getMetadata().getCreationTimestamp())).orElse(now);
                if (!since.plus(unschedulableAfter).isAfter(now)) {
                    return ended(ErrorCode.UNSCHEDULABLE, "no node could take the worker for "
                            + unschedulableAfter.toSeconds() + " s", true);
                }
            }
            running |= worker.map(s -> s.getState().getRunning() != null).orElse(false);
        }
        if (failed.isPresent()) {
            return ended(ErrorCode.WORKER_FAILED, "the Job failed (" + failed.get().getReason() + ")", false);
        }
        if (complete.isPresent()) {
            return ended(ErrorCode.WORKER_FAILED, "the Job completed but its pod and result are gone", false);
        }
        return running ? new Active() : new Pending();
    }

    /**
     * @param job the task's Job
     * @param pods the Job's pods as a cache has them
     * @return whether the Job controller has ended the Job (other than at its deadline, which needs no pod) while
     *         none of the pods shows its worker's end: the pods were seen earlier than the Job, or they are gone
     */
    public static boolean endedBeforeItsPod(Job job, List<Pod> pods) {
        Optional<JobCondition> failed = condition(job, "Failed");
        if (failed.isPresent() && "DeadlineExceeded".equals(failed.get().getReason())
                || failed.isEmpty() && condition(job, "Complete").isEmpty()) {
            return false;
        }
        return pods.stream().map(JobStateReader::workerStatus)
                .noneMatch(s -> s.map(c -> c.getState().getTerminated() != null).orElse(false));
    }

    private static WorkerResult resultOf(ContainerStateTerminated terminated) {
        if ("OOMKilled".equals(terminated.getReason())) {
            return error(ErrorCode.OOM_KILLED, "the worker was killed for using more memory than its limit");
        }
        int exitCode = terminated.getExitCode() == null ? WorkerExitCode.FAILED : terminated.getExitCode();
        Optional<WorkerResult> reported = reported(terminated.getMessage());
        if (exitCode == WorkerExitCode.OK) {
            return reported.orElse(error(ErrorCode.WORKER_FAILED, "the worker exited with code 0 without a result"));
        }
        return reported.filter(r -> r.state() == TaskState.ERROR && r.error() != null).orElse(
                error(WorkerExitCode.toErrorCode(exitCode), "the worker exited with code " + exitCode));
    }

    private static Optional<WorkerResult> reported(String message) {
        if (message == null || message.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageCodec.mapper().readValue(message, WorkerResult.class))
                    .filter(r -> r.state() != null);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Ended ended(ErrorCode code, String message, boolean deleteJob) {
        return new Ended(error(code, message), deleteJob);
    }

    private static WorkerResult error(ErrorCode code, String message) {
        return new WorkerResult(TaskState.ERROR, null, null, new TaskError(code, message));
    }

    private static Optional<ContainerStatus> workerStatus(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> JobFactory.CONTAINER.equals(s.getName()) && s.getState() != null).findFirst();
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static Optional<PodCondition> podCondition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }

    private static Optional<Instant> parse(String timestamp) {
        try {
            return Optional.ofNullable(timestamp).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
