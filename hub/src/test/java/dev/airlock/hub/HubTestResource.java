package dev.airlock.hub;

import java.util.Map;
import java.util.UUID;

import dev.airlock.common.contract.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives each test run its own exchange and queue names on the real local RabbitMQ, and the test signing key. The
 * database is the local PostgreSQL's {@code test}, cleaned by Flyway at start.
 */
public class HubTestResource implements QuarkusTestResourceLifecycleManager {

    /** The messaging prefix of this run. */
    public static final String PREFIX = "airlock-hub-test-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> start() {
        return Map.of(
                "hub.messaging.prefix", PREFIX,
                "hub.signing.private-key", TestKeys.PRIVATE_KEY,
                "hub.signing.key-id", TestKeys.KEY_ID);
    }

    @Override
    public void stop() {
        BrokerTestSupport.deleteQueues(PREFIX, "default");
    }
}
