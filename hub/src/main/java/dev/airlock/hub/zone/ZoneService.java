package dev.airlock.hub.zone;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.airlock.common.contract.ZoneHeartbeat;
import dev.airlock.common.crypto.CryptoException;
import dev.airlock.common.crypto.ZoneKeys;
import dev.airlock.hub.audit.AuditLog;
import dev.airlock.hub.config.HubConfig;
import dev.airlock.hub.problem.ConflictException;
import dev.airlock.hub.problem.ForbiddenException;
import dev.airlock.hub.problem.NotFoundException;
import dev.airlock.hub.problem.UnavailableException;
import dev.airlock.hub.security.CurrentRequester;
import io.quarkus.panache.common.Sort;

/**
 * What the hub knows about secure zones, from their heartbeats. The first key a zone announces is pinned; a later,
 * different key is held as offered and used only once a platform administrator accepts it, so whoever can publish to
 * the status queue cannot make the hub seal credentials to a key of their own.
 */
@ApplicationScoped
public class ZoneService {

    private static final Logger LOG = Logger.getLogger(ZoneService.class);
    /** A zone is online while its last heartbeat is younger than this. */
    static final Duration ONLINE = Duration.ofSeconds(90);

    private final HubConfig config;
    private final CurrentRequester requester;
    private final AuditLog audit;

    ZoneService(HubConfig config, CurrentRequester requester, AuditLog audit) {
        this.config = config;
        this.requester = requester;
        this.audit = audit;
    }

    /**
     * Records a heartbeat.
     *
     * @param heartbeat a decoded, valid heartbeat
     */
    @Transactional
    public void apply(ZoneHeartbeat heartbeat) {
        String keyId;
        try {
            keyId = ZoneKeys.keyIdOf(ZoneKeys.decodePublic(heartbeat.publicKey(), "the heartbeat's publicKey"));
        } catch (CryptoException e) {
            LOG.warnf("zone %s sent a heartbeat with an unusable key, ignored: %s", heartbeat.zone(), e.getMessage());
            return;
        }
        ZoneEntity zone = ZoneEntity.findById(heartbeat.zone());
        if (zone == null) {
            zone = new ZoneEntity();
            zone.name = heartbeat.zone();
            zone.publicKey = heartbeat.publicKey();
            zone.keyId = keyId;
            zone.firstSeenAt = Instant.now();
            LOG.infof("zone %s seen for the first time; its credential key %s is pinned", zone.name, keyId);
        } else if (!zone.keyId.equals(keyId) && !keyId.equals(zone.offeredKeyId)) {
            zone.offeredPublicKey = heartbeat.publicKey();
            zone.offeredKeyId = keyId;
            LOG.warnf("zone %s announces a new credential key %s, the hub keeps sealing to %s until a platform "
                    + "administrator accepts it (POST /api/zones/%s/key)", zone.name, keyId, zone.keyId, zone.name);
        } else if (zone.keyId.equals(keyId)) {
            zone.offeredPublicKey = null;
            zone.offeredKeyId = null;
        }
        zone.dispatcherVersion = heartbeat.dispatcherVersion() == null ? "" : heartbeat.dispatcherVersion();
        zone.maxRunningWorkers = heartbeat.maxRunningWorkers();
        zone.runningWorkers = heartbeat.runningWorkers();
        zone.licenseExpires = heartbeat.licenseExpires();
        zone.maxQueuedTasks = Math.max(0, heartbeat.maxQueuedTasks());
        zone.dataSources = heartbeat.dataSources() == null ? "" : String.join(",", heartbeat.dataSources());
        zone.lastSeenAt = Instant.now();
        zone.persist();
    }

    /** @return every zone the hub has heard from, by name */
    @Transactional
    public List<ZoneView> list() {
        return ZoneEntity.<ZoneEntity> listAll(Sort.ascending("name")).stream().map(ZoneService::view).toList();
    }

    /**
     * @param name a zone
     * @return it
     */
    @Transactional
    public ZoneView get(String name) {
        return view(find(name));
    }

    /** @return the zone the hub routes tasks to, or {@code null} before its first heartbeat */
    @Transactional
    public ZoneView home() {
        ZoneEntity zone = ZoneEntity.findById(config.zone());
        return zone == null ? null : view(zone);
    }

    /**
     * Makes the offered key the pinned one (platform administrators).
     *
     * @param name a zone
     * @param acceptance the offered key's id, as the administrator checked it
     * @return the zone
     */
    @Transactional
    public ZoneView acceptKey(String name, KeyAcceptance acceptance) {
        if (!requester.isAdmin()) {
            throw new ForbiddenException("only a platform administrator may accept a zone's key");
        }
        ZoneEntity zone = find(name);
        if (zone.offeredKeyId == null) {
            throw new ConflictException("zone " + name + " offers no new key; it seals to " + zone.keyId);
        }
        if (acceptance == null || !zone.offeredKeyId.equals(acceptance.keyId())) {
            throw new ConflictException("zone " + name + " offers key " + zone.offeredKeyId
                    + "; name that key id to accept it");
        }
        String previous = zone.keyId;
        zone.publicKey = zone.offeredPublicKey;
        zone.keyId = zone.offeredKeyId;
        zone.offeredPublicKey = null;
        zone.offeredKeyId = null;
        audit.record(requester.username(), null, "zone.accept-key", name + " " + previous + " -> " + zone.keyId);
        LOG.infof("zone %s: key %s accepted by %s (was %s)", name, zone.keyId, requester.username(), previous);
        return view(zone);
    }

    /**
     * @return the pinned credential key of the zone tasks go to
     * @throws UnavailableException before that zone's first heartbeat
     */
    @Transactional
    public SealingKey sealingKey() {
        ZoneEntity zone = ZoneEntity.findById(config.zone());
        if (zone == null) {
            throw new UnavailableException("zone " + config.zone() + " has not announced its credential key yet: "
                    + "credentials are sealed to it, so start the zone's dispatcher and try again");
        }
        return new SealingKey(zone.name, zone.keyId, ZoneKeys.decodePublic(zone.publicKey, "zone " + zone.name));
    }

    /**
     * The key credentials are sealed to.
     *
     * @param zone the zone
     * @param keyId its id
     * @param publicKey the key
     */
    public record SealingKey(String zone, String keyId, PublicKey publicKey) {
    }

    private static ZoneEntity find(String name) {
        ZoneEntity zone = ZoneEntity.findById(name);
        if (zone == null) {
            throw new NotFoundException("zone " + name + " has not been seen");
        }
        return zone;
    }

    private static ZoneView view(ZoneEntity zone) {
        boolean online = zone.lastSeenAt != null && zone.lastSeenAt.isAfter(Instant.now().minus(ONLINE));
        List<String> sources = zone.dataSources == null || zone.dataSources.isEmpty() ? List.of()
                : Arrays.asList(zone.dataSources.split(","));
        return new ZoneView(zone.name, online, zone.keyId, zone.publicKey, zone.offeredKeyId, zone.dispatcherVersion,
                zone.maxRunningWorkers, zone.runningWorkers, zone.licenseExpires, sources, zone.lastSeenAt,
                zone.maxQueuedTasks);
    }
}
