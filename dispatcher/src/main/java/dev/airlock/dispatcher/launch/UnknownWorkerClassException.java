package dev.airlock.dispatcher.launch;

/** A task asks for a worker class this zone does not configure; the task ends in error, the queue moves on. */
public class UnknownWorkerClassException extends LaunchException {

    private final String workerClass;

    /**
     * @param workerClass the class asked for
     * @param zone this zone
     */
    public UnknownWorkerClassException(String workerClass, String zone) {
        super("worker class '" + workerClass + "' is not configured in zone " + zone);
        this.workerClass = workerClass;
    }

    /** @return the class asked for */
    public String workerClass() {
        return workerClass;
    }
}
