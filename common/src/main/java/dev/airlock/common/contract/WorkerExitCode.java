package dev.airlock.common.contract;

/**
 * Exit codes of the worker program, the contract between a worker and whoever launched it (local process or Kubernetes
 * Job).
 */
public final class WorkerExitCode {

    /** The task completed and its artifacts are written. */
    public static final int OK = 0;
    /** An unexpected failure; maps to {@link ErrorCode#WORKER_FAILED}. */
    public static final int FAILED = 1;
    /** The input or configuration was rejected; maps to {@link ErrorCode#INVALID_INPUT}. */
    public static final int INVALID_INPUT = 2;
    /** The data source could not be read; maps to {@link ErrorCode#SOURCE_UNAVAILABLE}. */
    public static final int SOURCE_UNAVAILABLE = 3;
    /** The command line was wrong (picocli's usage code). */
    public static final int USAGE = 64;

    private WorkerExitCode() {
    }

    /**
     * @param exitCode the worker's exit code, not {@link #OK}
     * @return the error code a dispatcher reports for it
     */
    public static ErrorCode toErrorCode(int exitCode) {
        return switch (exitCode) {
            case INVALID_INPUT -> ErrorCode.INVALID_INPUT;
            case SOURCE_UNAVAILABLE -> ErrorCode.SOURCE_UNAVAILABLE;
            default -> ErrorCode.WORKER_FAILED;
        };
    }
}
