package dev.airlock.hub;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.ZoneHeartbeat;
import dev.airlock.common.crypto.ZoneKeys;
import dev.airlock.common.messaging.Topology;

/** The zone's keys and heartbeats, as a dispatcher with a known root key would send them. */
public final class TestZone {

    /** The zone's keys in hub tests. */
    public static final ZoneKeys KEYS = ZoneKeys.derive(Base64.getEncoder()
            .encodeToString("hub test zone root key, 32 bytes".getBytes(StandardCharsets.UTF_8)));

    private TestZone() {
    }

    /** Sends a heartbeat with {@link #KEYS} and waits until the hub knows the zone. */
    public static void announce() throws Exception {
        announce(KEYS);
        await().atMost(Duration.ofSeconds(20)).until(() -> KEYS.keyId().equals(Api.as("admin").when()
                .get("/api/zones/default").then().extract().path("keyId")));
    }

    /**
     * @param keys the keys the heartbeat announces
     */
    public static void announce(ZoneKeys keys) throws Exception {
        announce(keys, 0);
    }

    /**
     * @param keys the keys the heartbeat announces
     * @param maxQueuedTasks the license's limit of waiting tasks it announces, 0 for none
     */
    public static void announce(ZoneKeys keys, int maxQueuedTasks) throws Exception {
        ZoneHeartbeat heartbeat = new ZoneHeartbeat(Contract.SCHEMA_VERSION, "default", "test", Instant.now(),
                keys.publicKeyBase64(), keys.keyId(), 4, 0, Instant.now().plusSeconds(86_400),
                List.of("penguins"), maxQueuedTasks);
        Topology topology = new Topology(HubTestResource.PREFIX, "default", 5);
        try (Connection connection = BrokerTestSupport.connect(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(topology.statusExchange(), topology.statusRoutingKey(),
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder().deliveryMode(2)
                            .headers(Map.of(Contract.HEADER_MESSAGE_TYPE, "ZoneHeartbeat")).build(),
                    MessageCodec.encode(heartbeat));
            channel.waitForConfirmsOrDie(5000);
        }
    }
}
