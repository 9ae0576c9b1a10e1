package dev.airlock.dispatcher.zone;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.ZoneHeartbeat;
import dev.airlock.common.crypto.ZoneKeys;
import dev.airlock.common.messaging.BrokerConnection;
import dev.airlock.common.messaging.ConfirmedPublisher;
import dev.airlock.dispatcher.config.DispatcherConfig;
import dev.airlock.dispatcher.launch.WorkerLauncher;
import dev.airlock.dispatcher.license.LicenseGate;
import io.quarkus.scheduler.Scheduled;

/**
 * Tells the hub, at start and every {@code dispatcher.heartbeat-interval}, that the zone is alive, how busy it is, and
 * the public key the hub seals data-source credentials to. A missed heartbeat costs nothing: the next one follows.
 */
@ApplicationScoped
public class ZoneHeartbeatPublisher {

    private static final Logger LOG = Logger.getLogger(ZoneHeartbeatPublisher.class);

    private final DispatcherConfig config;
    private final BrokerConnection broker;
    private final ConfirmedPublisher publisher;
    private final ZoneKeys keys;
    private final WorkerLauncher launcher;
    private final LicenseGate license;
    private final String version;
    private volatile boolean warned;

    ZoneHeartbeatPublisher(DispatcherConfig config, BrokerConnection broker, ConfirmedPublisher publisher,
            ZoneKeys keys, WorkerLauncher launcher, LicenseGate license,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.config = config;
        this.broker = broker;
        this.publisher = publisher;
        this.keys = keys;
        this.launcher = launcher;
        this.license = license;
        this.version = version;
    }

    /** @return the heartbeat the zone would send now */
    public ZoneHeartbeat heartbeat() {
        return new ZoneHeartbeat(Contract.SCHEMA_VERSION, config.zone(), version, Instant.now(),
                keys.publicKeyBase64(), keys.keyId(), license.maxRunningWorkers(config.maxRunningWorkers()),
                launcher.running(), license.license().expires(), List.copyOf(config.dataSources().keySet().stream()
                        .sorted().toList()),
                Math.max(0, license.license().features().maxQueuedTasks()));
    }

    @Scheduled(every = "${dispatcher.heartbeat-interval:30s}", identity = "zone-heartbeat")
    void send() {
        try {
            try (var channel = broker.get().createChannel()) {
                broker.topology().declareStatus(channel);
            }
            publisher.publish(new ConfirmedPublisher.Message(broker.topology().statusExchange(),
                    broker.topology().statusRoutingKey(), Map.of(Contract.HEADER_MESSAGE_TYPE, "ZoneHeartbeat"),
                    MessageCodec.encode(heartbeat())));
            warned = false;
        } catch (Exception e) {
            if (!warned) {
                LOG.warnf("cannot send the zone's heartbeat yet, retrying at the next interval: %s", e.getMessage());
                warned = true;
            }
        }
    }
}
