package dev.airlock.common.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The golden JSON fixtures of the wire contract, shared with hub and dispatcher tests through the test jar. */
public final class GoldenFixtures {

    /** A train task request, signed with {@link TestKeys}. */
    public static final String TASK_REQUEST_TRAIN = "contract/task-request-train.json";
    /** A completed task event. */
    /** A heartbeat of zone {@code default}. */
    public static final String ZONE_HEARTBEAT = "contract/zone-heartbeat.json";
    /** A train request whose data source the hub defined: a PostgreSQL table, credentials sealed. */
    public static final String TASK_REQUEST_DATABASE_SOURCE = "contract/task-request-database-source.json";
    /** A completed event. */
    public static final String TASK_EVENT_COMPLETED = "contract/task-event-completed.json";
    /** An error task event. */
    public static final String TASK_EVENT_ERROR = "contract/task-event-error.json";
    /** An active task event with progress. */
    public static final String TASK_EVENT_ACTIVE = "contract/task-event-active.json";

    private GoldenFixtures() {
    }

    /**
     * @param name a fixture name
     * @return its bytes
     */
    public static byte[] read(String name) {
        try (InputStream in = GoldenFixtures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
