package dev.airlock.common.contract;

/** Why a task ended in {@link TaskState#ERROR}. Names are the wire values. */
public enum ErrorCode {
    /** The source data or the model configuration cannot be used; the message names row and column. */
    INVALID_INPUT,
    /** The license is expired or does not grant what the task needs. */
    LICENSE,
    /** The worker ran past the maximum duration. */
    MAX_DURATION,
    /** The worker was killed for using more memory than its limit. */
    OOM_KILLED,
    /** The worker image could not be pulled. */
    IMAGE_PULL,
    /** No node could take the worker in time. */
    UNSCHEDULABLE,
    /** The worker exited with a failure; the message carries its exit code. */
    WORKER_FAILED,
    /** The message was valid but names something this zone does not have (data source, model, worker class). */
    UNKNOWN_REFERENCE,
    /**
     * The data source could not be read: unreachable, it refused the credentials, or the credentials could not be
     * opened in this zone.
     */
    SOURCE_UNAVAILABLE,
    /**
     * The task waited longer than the zone accepts a signed task ({@code dispatcher.signing.max-age}) before a worker
     * slot freed; it never started and can be submitted again.
     */
    EXPIRED,
    /**
     * No worker could be started for the task within the zone's retry window ({@code dispatcher.launch-retry-window}):
     * the cluster kept refusing its Job, or another object holds its name. The message says what the cluster answered.
     */
    LAUNCH_FAILED;
}
