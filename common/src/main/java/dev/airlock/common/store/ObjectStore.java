package dev.airlock.common.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;

/**
 * Access to an S3-compatible object store through the MinIO client. Every key passes {@link ObjectKeys#requireSafe}
 * before it reaches the store.
 */
public final class ObjectStore {

    private final MinioClient client;

    /**
     * @param settings where the store is and how to sign in
     */
    public ObjectStore(ObjectStoreSettings settings) {
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
    }

    /**
     * Creates the bucket when it does not exist.
     *
     * @param bucket the bucket
     */
    public void ensureBucket(String bucket) {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    /**
     * @param bucket the bucket
     * @param key the key
     * @param file the file to upload
     * @param contentType its media type
     * @return the size written
     */
    public long upload(String bucket, String key, Path file, String contentType) {
        ObjectKeys.requireSafe(key);
        return call("upload " + bucket + "/" + key, () -> {
            client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
                    .contentType(contentType).build());
            return Files.size(file);
        });
    }

    /**
     * @param bucket the bucket
     * @param key the key
     * @param bytes the content
     * @param contentType its media type
     */
    public void put(String bucket, String key, byte[] bytes, String contentType) {
        ObjectKeys.requireSafe(key);
        call("put " + bucket + "/" + key, () -> {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new java.io.ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType)
                    .build());
            return null;
        });
    }

    /**
     * @param bucket the bucket
     * @param key the key
     * @param target a file that does not exist yet
     */
    public void download(String bucket, String key, Path target) {
        ObjectKeys.requireSafe(key);
        call("download " + bucket + "/" + key, () -> {
            client.downloadObject(
                    DownloadObjectArgs.builder().bucket(bucket).object(key).filename(target.toString()).build());
            return null;
        });
    }

    /**
     * @param bucket the bucket
     * @param key the key
     * @return the content; small objects only
     */
    public byte[] read(String bucket, String key) {
        ObjectKeys.requireSafe(key);
        return call("read " + bucket + "/" + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    /**
     * @param bucket the bucket
     * @param key the key
     * @return a stream the caller closes
     */
    public InputStream open(String bucket, String key) {
        ObjectKeys.requireSafe(key);
        return call("open " + bucket + "/" + key,
                () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    /**
     * @param bucket the bucket
     * @param key the key
     * @return whether the object exists
     */
    public boolean exists(String bucket, String key) {
        ObjectKeys.requireSafe(key);
        try {
            call("stat " + bucket + "/" + key,
                    () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /**
     * @param bucket the bucket
     * @param prefix the prefix
     * @return every key under the prefix, recursively, in the store's order
     */
    public List<String> list(String bucket, String prefix) {
        ObjectKeys.requireSafe(prefix);
        return call("list " + bucket + "/" + prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client
                    .listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                keys.add(result.get().objectName());
            }
            return keys;
        });
    }

    private interface StoreCall<T> {
        T call() throws Exception;
    }

    private static <T> T call(String what, StoreCall<T> body) {
        try {
            return body.call();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code)) {
                throw new ObjectNotFoundException("cannot " + what + ": " + code);
            }
            throw new ObjectStoreException("cannot " + what + ": " + code, e);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ObjectStoreException("cannot " + what + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
