package dev.airlock.common.store;

/**
 * How to reach an S3-compatible store (MinIO, S3, S3Proxy).
 *
 * @param endpoint e.g. {@code http://127.0.0.1:9000}
 * @param accessKey the access key
 * @param secretKey the secret key
 * @param region the region, {@code us-east-1} when the store does not care
 */
public record ObjectStoreSettings(String endpoint, String accessKey, String secretKey, String region) {

    @Override
    public String toString() {
        return "ObjectStoreSettings[endpoint=" + endpoint + ", region=" + region + "]";
    }
}
