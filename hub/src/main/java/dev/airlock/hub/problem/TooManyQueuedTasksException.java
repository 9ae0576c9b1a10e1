package dev.airlock.hub.problem;

/** The project has as many tasks waiting as it may. */
public class TooManyQueuedTasksException extends HubException {

    /**
     * @param project the project
     * @param limit how many may wait
     */
    public TooManyQueuedTasksException(String project, int limit) {
        super(429, "Too many queued tasks",
                "project " + project + " already has " + limit + " tasks waiting to start; retry when one has started");
    }
}
