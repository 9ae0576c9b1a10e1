package dev.airlock.dispatcher.launch;

/** A worker cannot be launched or followed: the dispatcher's exception family. Messages name the task, never data. */
public class LaunchException extends RuntimeException {

    /**
     * @param message what failed, with the task id
     */
    public LaunchException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the task id
     * @param cause the underlying failure
     */
    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
