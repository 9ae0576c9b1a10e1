package dev.airlock.dispatcher.license;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.license.License;
import dev.airlock.common.license.LicenseException;
import dev.airlock.common.license.LicenseVerifier;
import dev.airlock.dispatcher.kubernetes.JobFactory;

/**
 * Admission by license: the zone's verified license, asked for every task. Expiry and missing features refuse the task
 * (it ends in {@code error/LICENSE}); the license's worker limit lowers the dispatcher's.
 */
public final class LicenseGate {

    /** Issuers' public keys built into the dispatcher, {@code <key-id>=<base64>}; the release build fills it. */
    static final String BUILT_IN_KEYS = "/META-INF/airlock/license-keys.properties";

    private final License license;
    private final Clock clock;

    /**
     * @param license a verified license
     * @param clock the clock
     */
    public LicenseGate(License license, Clock clock) {
        this.license = license;
        this.clock = clock;
    }

    /**
     * Reads and verifies the license files; start-up fails on what this throws.
     *
     * @param featuresFile {@code features.json}
     * @param signatureFile {@code features.sig.json}
     * @param configuredKeys trusted keys from the configuration, by key id
     * @param clock the clock
     * @return the gate
     * @throws LicenseException naming the file and why it is refused
     */
    public static LicenseGate load(Path featuresFile, Path signatureFile, Map<String, String> configuredKeys,
            Clock clock) {
        Map<String, PublicKey> trusted = new HashMap<>();
        builtInKeys().forEach((id, key) -> trusted.put(id, Ed25519Keys.decodePublic(key, BUILT_IN_KEYS + " " + id)));
        configuredKeys.forEach((id, key) -> trusted.put(id,
                Ed25519Keys.decodePublic(key, "dispatcher.license.trusted-keys." + id)));
        if (trusted.isEmpty()) {
            throw new LicenseException("no trusted license key: set dispatcher.license.trusted-keys.<key-id> to the "
                    + "issuer's public key");
        }
        License license = new LicenseVerifier(trusted).verify(read(featuresFile), featuresFile.toString(),
                read(signatureFile), signatureFile.toString());
        return new LicenseGate(license, clock);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LicenseException(file + " does not exist");
        } catch (IOException e) {
            throw new LicenseException(file + " cannot be read: " + e.getMessage());
        }
    }

    private static Map<String, String> builtInKeys() {
        Properties properties = new Properties();
        try (InputStream in = LicenseGate.class.getResourceAsStream(BUILT_IN_KEYS)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILT_IN_KEYS, e);
        }
        Map<String, String> keys = new HashMap<>();
        properties.forEach((id, key) -> keys.put(id.toString(), key.toString()));
        return keys;
    }

    /** @return the license */
    public License license() {
        return license;
    }

    /**
     * @param task a task about to be launched
     * @return why the license refuses it, or empty; the reason quotes no data
     */
    public Optional<String> refusal(TaskRequest task) {
        JsonNode config = task.modelConfig();
        String synthesizer = config == null ? "default" : config.path("synthesizer").asText("default");
        boolean differentialPrivacy = config != null && (config.path("privacy").has("epsilon")
                || config.path("privacy").has("delta"));
        boolean gpu = "gpu".equals(JobFactory.workerClassOf(task));
        return license.refusal(synthesizer, gpu, differentialPrivacy, clock.instant());
    }

    /**
     * @param configured {@code dispatcher.max-running-workers}
     * @return the lower of it and the license's limit
     */
    public int maxRunningWorkers(int configured) {
        int licensed = license.features().maxRunningWorkers();
        return licensed > 0 ? Math.min(configured, licensed) : configured;
    }
}
