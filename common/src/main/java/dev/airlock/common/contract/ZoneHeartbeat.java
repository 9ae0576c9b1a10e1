package dev.airlock.common.contract;

import java.time.Instant;
import java.util.List;

/**
 * Dispatcher → hub, every heartbeat interval: the zone is alive, what it can take, and the public key the hub seals
 * data-source credentials to. Metadata only.
 *
 * @param schemaVersion {@link Contract#SCHEMA_VERSION}
 * @param zone the zone's name
 * @param dispatcherVersion the dispatcher's version
 * @param sentAt when it was sent
 * @param publicKey the zone's X25519 public key for credentials, raw 32 bytes, base64
 * @param keyId its fingerprint
 * @param maxRunningWorkers workers the zone runs at once
 * @param runningWorkers workers running now
 * @param licenseExpires when the zone's license expires
 * @param dataSources names of the data sources configured in the zone itself
 * @param maxQueuedTasks tasks its license lets wait in the zone's queue at once, 0 for no limit
 */
public record ZoneHeartbeat(
        int schemaVersion,
        String zone,
        String dispatcherVersion,
        Instant sentAt,
        String publicKey,
        String keyId,
        int maxRunningWorkers,
        int runningWorkers,
        Instant licenseExpires,
        List<String> dataSources,
        int maxQueuedTasks) {
}
