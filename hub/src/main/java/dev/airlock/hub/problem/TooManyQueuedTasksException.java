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

    /**
     * @param zone the zone whose license is full
     * @param limit how many tasks its license lets wait
     * @param licensed marks this constructor: the zone's license is the limit
     */
    public TooManyQueuedTasksException(String zone, int limit, boolean licensed) {
        super(429, "Too many queued tasks", "zone " + zone + " already has " + limit + " tasks waiting to start, "
                + "the most its license allows; retry when one has started");
    }
}
