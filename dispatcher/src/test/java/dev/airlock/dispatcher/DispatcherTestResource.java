package dev.airlock.dispatcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.airlock.common.contract.TestKeys;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.testing.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real S3 server with the zone's source bucket filled, its own messaging names on the local RabbitMQ, the test
 * verification key, and the packaged worker jar for the local launcher.
 */
public class DispatcherTestResource implements QuarkusTestResourceLifecycleManager {

    /** The messaging prefix of this run. */
    public static final String PREFIX = "airlock-dispatcher-test-" + UUID.randomUUID().toString().substring(0, 8);
    /** The source bucket. */
    public static final String SOURCE_BUCKET = "zone-source";
    /** The shared bucket. */
    public static final String SHARED_BUCKET = "airlock-shared";

    /** The zone's root key for data-source credentials in tests. */
    public static final String ROOT_KEY = java.util.Base64.getEncoder()
            .encodeToString("dispatcher test root key, 32 byte".getBytes(StandardCharsets.UTF_8));

    static S3ProxyServer s3;

    @Override
    public Map<String, String> start() {
        try {
            s3 = S3ProxyServer.start();
            ObjectStore store = new ObjectStore(s3.settings());
            store.ensureBucket(SOURCE_BUCKET);
            store.ensureBucket(SHARED_BUCKET);
            store.upload(SOURCE_BUCKET, "tables/penguins.csv", Path.of("../data/penguins.csv"), "text/csv");
            store.put(SOURCE_BUCKET, "tables/ragged.csv",
                    "a,b,c\n1,2,3\n4,5\n".getBytes(StandardCharsets.UTF_8), "text/csv");
            Path workDir = Files.createTempDirectory("dispatcher-test");
            Map<String, String> config = new HashMap<>();
            config.put("dispatcher.messaging.prefix", PREFIX);
            config.put("dispatcher.signing.verify-key", TestKeys.PUBLIC_KEY);
            config.put("dispatcher.signing.key-id", TestKeys.KEY_ID);
            config.put("dispatcher.store.endpoint", s3.endpoint());
            config.put("dispatcher.store.access-key", s3.settings().accessKey());
            config.put("dispatcher.store.secret-key", s3.settings().secretKey());
            config.put("dispatcher.store.shared-bucket", SHARED_BUCKET);
            config.put("dispatcher.data-sources.penguins.bucket", SOURCE_BUCKET);
            config.put("dispatcher.data-sources.penguins.key", "tables/penguins.csv");
            config.put("dispatcher.data-sources.ragged.bucket", SOURCE_BUCKET);
            config.put("dispatcher.data-sources.ragged.key", "tables/ragged.csv");
            config.put("dispatcher.ds-root-key", ROOT_KEY);
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            config.put("quarkus.http.test-port", Integer.toString(port));
            config.put("quarkus.http.host", "127.0.0.1");
            config.put("dispatcher.worker-heartbeat.url", "http://127.0.0.1:" + port);
            config.put("dispatcher.worker-heartbeat.interval", "1s");
            config.put("dispatcher.heartbeat-interval", "2s");
            config.put("dispatcher.metrics.queue-depth-every", "1s");
            config.put("dispatcher.local.worker-jar", System.getProperty("airlock.worker.jar"));
            config.put("dispatcher.local.work-dir", workDir.toString());
            config.put("dispatcher.local.max-heap", "256m");
            config.putAll(TestLicense.write(workDir, TestLicense.valid()));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the dispatcher's test resources", e);
        }
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
        ZoneTestSupport.deleteQueues(PREFIX);
    }
}
