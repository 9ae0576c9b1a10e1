package dev.airlock.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.airlock.common.contract.DataSourceKind;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.store.ObjectNotFoundException;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.store.ObjectStoreException;
import dev.airlock.common.store.ObjectStoreSettings;
import dev.airlock.synth.InvalidInputException;

/**
 * The task's source table and how to reach it, from the environment the dispatcher gave the worker (credentials opened
 * inside the zone). {@link #fetch} brings it into the worker's scratch space, which never leaves the zone.
 *
 * @param kind where it lives
 * @param store for S3: the store holding it (the shared store's, or the data source's own endpoint and keys)
 * @param bucket for S3: the bucket
 * @param key for S3: the object's key
 * @param jdbcUrl for databases: the URL
 * @param table for databases: the table
 * @param username for databases: the user
 * @param password for databases: the password
 */
record SourceTable(DataSourceKind kind, ObjectStoreSettings store, String bucket, String key, String jdbcUrl,
        String table, String username, String password) {

    static SourceTable fromEnvironment(Map<String, String> env, ObjectStoreSettings sharedStore) {
        String kindName = env.getOrDefault(WorkerEnvironment.SOURCE_KIND, DataSourceKind.S3.wireName());
        DataSourceKind kind = DataSourceKind.fromWireName(kindName);
        if (kind == null) {
            throw new IllegalStateException(WorkerEnvironment.SOURCE_KIND + " is not a data source kind: " + kindName);
        }
        if (kind == DataSourceKind.S3) {
            if (env.get(WorkerEnvironment.SOURCE_BUCKET) == null) {
                return null;
            }
            ObjectStoreSettings store = sharedStore;
            if (env.containsKey(WorkerEnvironment.SOURCE_ENDPOINT) || env.containsKey(WorkerEnvironment.SOURCE_ACCESS_KEY)) {
                store = new ObjectStoreSettings(
                        env.getOrDefault(WorkerEnvironment.SOURCE_ENDPOINT, sharedStore.endpoint()),
                        env.getOrDefault(WorkerEnvironment.SOURCE_ACCESS_KEY, sharedStore.accessKey()),
                        env.getOrDefault(WorkerEnvironment.SOURCE_SECRET_KEY, sharedStore.secretKey()),
                        sharedStore.region());
            }
            return new SourceTable(kind, store, env.get(WorkerEnvironment.SOURCE_BUCKET),
                    RunTaskCommand.required(env, WorkerEnvironment.SOURCE_KEY), null, null, null, null);
        }
        return new SourceTable(kind, null, null, null, RunTaskCommand.required(env, WorkerEnvironment.SOURCE_JDBC_URL),
                RunTaskCommand.required(env, WorkerEnvironment.SOURCE_TABLE), env.get(WorkerEnvironment.SOURCE_USERNAME),
                env.get(WorkerEnvironment.SOURCE_PASSWORD));
    }

    /**
     * @param scratch the task's scratch directory
     * @return the table as a local file (CSV, CSV.gz, JSON Lines or Parquet)
     * @throws InvalidInputException when the object does not exist
     * @throws SourceUnavailableException when the source cannot be reached or read
     */
    Path fetch(Path scratch) throws IOException {
        if (kind.isDatabase()) {
            Path target = scratch.resolve("source.csv");
            Files.deleteIfExists(target);
            JdbcTableExport.export(kind, jdbcUrl, table, username, password, target);
            return target;
        }
        ObjectStore objects = new ObjectStore(store);
        try {
            if (key.endsWith("/")) {
                return TableParts.combine(objects, bucket, key, scratch);
            }
            Path target = scratch.resolve("source" + GenerateCommand.extensionOf(Path.of(key)));
            Files.deleteIfExists(target);
            objects.download(bucket, key, target);
            return target;
        } catch (ObjectNotFoundException e) {
            throw new InvalidInputException("the data source's table does not exist in the source bucket");
        } catch (ObjectStoreException e) {
            throw new SourceUnavailableException("cannot read the data source's object from bucket " + bucket + " at "
                    + store.endpoint());
        }
    }

    @Override
    public String toString() {
        return "SourceTable[" + kind.wireName() + (kind.isDatabase() ? " " + table : " " + bucket + "/" + key) + "]";
    }
}
