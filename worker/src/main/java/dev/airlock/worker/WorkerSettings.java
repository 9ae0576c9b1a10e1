package dev.airlock.worker;

import java.nio.file.Path;
import java.util.Map;

import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.store.ObjectStoreSettings;

/**
 * What a worker needs besides its task, from the environment contract.
 *
 * @param store the shared object store
 * @param sharedBucket where artifacts go
 * @param source where the source table is, {@code null} for tasks without one
 * @param workDir scratch space
 */
record WorkerSettings(ObjectStoreSettings store, String sharedBucket, SourceTable source, Path workDir) {

    static WorkerSettings fromEnvironment(Map<String, String> env) {
        ObjectStoreSettings store = new ObjectStoreSettings(RunTaskCommand.required(env, WorkerEnvironment.S3_ENDPOINT),
                RunTaskCommand.required(env, WorkerEnvironment.S3_ACCESS_KEY),
                RunTaskCommand.required(env, WorkerEnvironment.S3_SECRET_KEY),
                env.getOrDefault(WorkerEnvironment.S3_REGION, "us-east-1"));
        return new WorkerSettings(store, RunTaskCommand.required(env, WorkerEnvironment.SHARED_BUCKET),
                SourceTable.fromEnvironment(env, store),
                Path.of(env.getOrDefault(WorkerEnvironment.WORK_DIR, System.getProperty("java.io.tmpdir"))));
    }
}
