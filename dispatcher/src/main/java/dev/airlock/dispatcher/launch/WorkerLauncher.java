package dev.airlock.dispatcher.launch;

import java.util.Map;

import dev.airlock.common.contract.TaskRequest;

/** Starts one worker per task. Launching is idempotent per task id: a second launch of the same task starts nothing. */
public interface WorkerLauncher {

    /** How a launch went. */
    enum Outcome {
        /** A worker was started for the task. */
        STARTED,
        /** The task had a worker already (a redelivery); nothing was started. */
        ALREADY_LAUNCHED
    }

    /**
     * @param task an admitted task
     * @param environment the worker's environment (the contract of {@code WorkerEnvironment})
     * @param observer who hears about the worker
     * @return whether a worker was started
     */
    Outcome launch(TaskRequest task, Map<String, String> environment, WorkerObserver observer);

    /**
     * Re-attaches to workers started before a restart and reports results that were not sent.
     *
     * @param observer who hears about the workers
     * @return how many workers still run
     */
    int recover(WorkerObserver observer);

    /**
     * Stops a task's worker; the launcher then reports nothing more for it.
     *
     * @param taskId the task
     * @return whether a worker of the task was running
     */
    boolean cancel(String taskId);

    /** @return how many workers run now */
    int running();

    /**
     * @param taskId a task
     * @return whether this launcher runs or follows a worker for it
     */
    boolean isRunning(String taskId);
}
