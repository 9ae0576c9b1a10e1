package dev.airlock.dispatcher.zone;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.airlock.common.crypto.ZoneKeys;
import dev.airlock.dispatcher.config.DispatcherConfig;

/** Derives the zone's credential keys once, at start: a missing or malformed root key stops the dispatcher. */
public class ZoneKeysProducer {

    private static final Logger LOG = Logger.getLogger(ZoneKeysProducer.class);

    @Produces
    @Singleton
    ZoneKeys zoneKeys(DispatcherConfig config) {
        ZoneKeys keys = ZoneKeys.derive(config.dsRootKey().orElse(null));
        LOG.infof("zone %s: data-source credentials open with key %s", config.zone(), keys.keyId());
        return keys;
    }
}
