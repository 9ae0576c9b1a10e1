package dev.airlock.dispatcher.launch;

import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.WorkerResult;

/** What a launcher tells about the workers it started. Called from the launcher's threads. */
public interface WorkerObserver {

    /**
     * The worker runs.
     *
     * @param taskId the task
     */
    void started(String taskId);

    /**
     * The worker runs; launchers that see no progress lines (Kubernetes) report this once.
     *
     * @param taskId the task
     */
    default void active(String taskId) {
    }

    /**
     * The worker reported progress.
     *
     * @param taskId the task
     * @param progress how far it is
     */
    void progressed(String taskId, Progress progress);

    /**
     * The worker ended.
     *
     * @param taskId the task
     * @param prefix the task's output prefix
     * @param result what it reported, or a result the launcher made from its exit
     * @param onReported to call once the result is confirmed sent, so a restart does not send it again
     */
    void finished(String taskId, String prefix, WorkerResult result, Runnable onReported);

    /**
     * The worker vanished without a result.
     *
     * @param taskId the task
     * @param onReported to call once that is confirmed sent
     */
    void lost(String taskId, Runnable onReported);
}
