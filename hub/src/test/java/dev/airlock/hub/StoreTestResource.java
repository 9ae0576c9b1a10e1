package dev.airlock.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.testing.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real S3 server (S3Proxy) holding the shared bucket the hub reads reports and downloads from. */
public class StoreTestResource implements QuarkusTestResourceLifecycleManager {

    /** The shared bucket. */
    public static final String SHARED_BUCKET = "airlock-shared";

    static S3ProxyServer s3;

    @Override
    public Map<String, String> start() {
        try {
            s3 = S3ProxyServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store().ensureBucket(SHARED_BUCKET);
        return Map.of("hub.store.endpoint", s3.endpoint(), "hub.store.access-key", s3.settings().accessKey(),
                "hub.store.secret-key", s3.settings().secretKey(), "hub.store.shared-bucket", SHARED_BUCKET);
    }

    /** @return a client of the test's store */
    public static ObjectStore store() {
        return new ObjectStore(s3.settings());
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
    }
}
