package dev.airlock.hub.zone;

import java.time.Instant;
import java.util.List;

/**
 * A secure zone as the hub knows it.
 *
 * @param name the zone
 * @param online whether a heartbeat arrived within three heartbeat intervals
 * @param keyId the credential key the hub seals to (pinned)
 * @param publicKey that key, raw X25519, base64
 * @param offeredKeyId a different key the zone now announces, waiting for an administrator; {@code null} when none
 * @param dispatcherVersion the dispatcher's version
 * @param maxRunningWorkers workers it runs at once
 * @param runningWorkers workers running at the last heartbeat
 * @param licenseExpires when its license expires
 * @param dataSources data sources configured in the zone itself
 * @param lastSeenAt the last heartbeat
 * @param maxQueuedTasks tasks its license lets wait at once, 0 for no limit
 */
public record ZoneView(String name, boolean online, String keyId, String publicKey, String offeredKeyId,
        String dispatcherVersion, int maxRunningWorkers, int runningWorkers, Instant licenseExpires,
        List<String> dataSources, Instant lastSeenAt, int maxQueuedTasks) {
}
