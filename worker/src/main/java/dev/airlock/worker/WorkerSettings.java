package dev.airlock.worker;

import java.nio.file.Path;
import java.util.Map;

import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.store.ObjectStoreSettings;

/**
 * What a worker needs besides its task, from the environment contract.
 *
 * @param store the shared (and source) object store
 * @param sharedBucket where artifacts go
 * @param sourceBucket where the source table is, {@code null} for tasks without one
 * @param sourceKey the source table's key
 * @param workDir scratch space
 */
record WorkerSettings(ObjectStoreSettings store, String sharedBucket, String sourceBucket, String sourceKey,
        Path workDir) {

    static WorkerSettings fromEnvironment(Map<String, String> env) {
        return new WorkerSettings(
                new ObjectStoreSettings(RunTaskCommand.required(env, WorkerEnvironment.S3_ENDPOINT),
                        RunTaskCommand.required(env, WorkerEnvironment.S3_ACCESS_KEY),
                        RunTaskCommand.required(env, WorkerEnvironment.S3_SECRET_KEY),
                        env.getOrDefault(WorkerEnvironment.S3_REGION, "us-east-1")),
                RunTaskCommand.required(env, WorkerEnvironment.SHARED_BUCKET),
                env.get(WorkerEnvironment.SOURCE_BUCKET),
                env.get(WorkerEnvironment.SOURCE_KEY),
                Path.of(env.getOrDefault(WorkerEnvironment.WORK_DIR, System.getProperty("java.io.tmpdir"))));
    }
}
