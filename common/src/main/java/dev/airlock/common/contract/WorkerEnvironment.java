package dev.airlock.common.contract;

/**
 * The environment contract between a launcher (local process or Kubernetes Job) and the worker's {@code run-task}
 * command. Secrets in it come from a per-task Secret on Kubernetes, never from the command line.
 */
public final class WorkerEnvironment {

    /** Path of the task's {@link TaskRequest} JSON. */
    public static final String TASK_FILE = "AIRLOCK_TASK_FILE";
    /** Path the worker writes its {@link WorkerResult} JSON to. */
    public static final String RESULT_FILE = "AIRLOCK_RESULT_FILE";
    /** Scratch directory for downloads and outputs. */
    public static final String WORK_DIR = "AIRLOCK_WORK_DIR";
    /** Endpoint of the shared object store. */
    public static final String S3_ENDPOINT = "AIRLOCK_S3_ENDPOINT";
    /** Access key of the shared object store. */
    public static final String S3_ACCESS_KEY = "AIRLOCK_S3_ACCESS_KEY";
    /** Secret key of the shared object store. */
    public static final String S3_SECRET_KEY = "AIRLOCK_S3_SECRET_KEY";
    /** Region of the shared object store. */
    public static final String S3_REGION = "AIRLOCK_S3_REGION";
    /** Bucket of the shared object store. */
    public static final String SHARED_BUCKET = "AIRLOCK_SHARED_BUCKET";
    /** Bucket holding the source table (secure zone). */
    public static final String SOURCE_BUCKET = "AIRLOCK_SOURCE_BUCKET";
    /** Key of the source table. */
    public static final String SOURCE_KEY = "AIRLOCK_SOURCE_KEY";
    /** The source's kind ({@link DataSourceKind#wireName()}); absent means an object in the zone's own store. */
    public static final String SOURCE_KIND = "AIRLOCK_SOURCE_KIND";
    /** S3 endpoint of the source when it is not the shared store's. */
    public static final String SOURCE_ENDPOINT = "AIRLOCK_SOURCE_ENDPOINT";
    /** Access key of the source's S3 (sensitive). */
    public static final String SOURCE_ACCESS_KEY = "AIRLOCK_SOURCE_ACCESS_KEY";
    /** Secret key of the source's S3 (sensitive). */
    public static final String SOURCE_SECRET_KEY = "AIRLOCK_SOURCE_SECRET_KEY";
    /** JDBC URL of a database source. */
    public static final String SOURCE_JDBC_URL = "AIRLOCK_SOURCE_JDBC_URL";
    /** Table of a database source, {@code table} or {@code schema.table}. */
    public static final String SOURCE_TABLE = "AIRLOCK_SOURCE_TABLE";
    /** User name for a database source (sensitive). */
    public static final String SOURCE_USERNAME = "AIRLOCK_SOURCE_USERNAME";
    /** Password for a database source (sensitive). */
    public static final String SOURCE_PASSWORD = "AIRLOCK_SOURCE_PASSWORD";
    /** Where the worker posts its heartbeats ({@code {"phase":…,"fraction":…}}), the dispatcher's task URL. */
    public static final String HEARTBEAT_URL = "AIRLOCK_HEARTBEAT_URL";
    /** The bearer token for {@link #HEARTBEAT_URL}, valid for this task only (sensitive). */
    public static final String HEARTBEAT_TOKEN = "AIRLOCK_HEARTBEAT_TOKEN";
    /** Seconds between heartbeats when nothing changes. */
    public static final String HEARTBEAT_INTERVAL = "AIRLOCK_HEARTBEAT_INTERVAL";
    /** Prefix of progress lines the worker prints on standard output. */
    public static final String PROGRESS_LINE_PREFIX = "AIRLOCK_PROGRESS ";

    private WorkerEnvironment() {
    }
}
