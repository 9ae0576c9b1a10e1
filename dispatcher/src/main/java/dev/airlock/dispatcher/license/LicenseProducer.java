package dev.airlock.dispatcher.license;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.airlock.common.license.LicenseException;
import dev.airlock.dispatcher.config.DispatcherConfig;

/** Verifies the license once, at start: a missing, tampered or unknown-key license stops the dispatcher. */
public class LicenseProducer {

    private static final Logger LOG = Logger.getLogger(LicenseProducer.class);

    @Produces
    @Singleton
    LicenseGate licenseGate(DispatcherConfig config) {
        DispatcherConfig.License settings = config.license();
        LicenseGate gate = LicenseGate.load(
                settings.featuresFile().orElseThrow(() -> new LicenseException(
                        "dispatcher.license.features-file (DISPATCHER_LICENSE_FEATURES_FILE) is not set")),
                settings.signatureFile().orElseThrow(() -> new LicenseException(
                        "dispatcher.license.signature-file (DISPATCHER_LICENSE_SIGNATURE_FILE) is not set")),
                settings.trustedKeys(), Clock.systemUTC());
        LOG.infof("licensed to %s until %s: synthesizers %s, at most %d running workers", gate.license().licensee(),
                gate.license().expires(), gate.license().features().synthesizers(),
                gate.license().features().maxRunningWorkers());
        return gate;
    }
}
