package dev.airlock.dispatcher.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.airlock.common.crypto.CryptoException;
import dev.airlock.common.crypto.ZoneKeys;
import dev.airlock.dispatcher.config.DispatcherConfig;

/**
 * Who may beat for which task, and when each running worker last gave a sign of life. A task's token is an HMAC of
 * its id under a key derived from the zone's root key, so it needs no storage and survives a dispatcher restart; it
 * reaches the worker like every other secret (the per-task Secret on Kubernetes).
 */
@ApplicationScoped
public class WorkerHeartbeats {

    private final byte[] key;
    private final String baseUrl;
    private final Duration interval;
    private final Duration timeout;
    private final Map<String, Instant> lastSignOfLife = new ConcurrentHashMap<>();

    WorkerHeartbeats(DispatcherConfig config) {
        try {
            String root = config.dsRootKey().filter(value -> !value.isBlank()).orElseThrow(
                    () -> new CryptoException(ZoneKeys.ROOT_KEY_VARIABLE + " is not set"));
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("airlock worker heartbeat v1".getBytes(StandardCharsets.UTF_8));
            this.key = digest.digest(root.strip().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("this JVM has no SHA-256", e);
        }
        this.baseUrl = config.workerHeartbeat().url().orElseGet(() -> "http://127.0.0.1:"
                + ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8081));
        this.interval = config.workerHeartbeat().interval();
        this.timeout = config.workerHeartbeat().timeout();
    }

    /**
     * @param taskId a task
     * @return where its worker posts heartbeats
     */
    public String url(String taskId) {
        return baseUrl.replaceAll("/+$", "") + "/internal/tasks/" + taskId + "/heartbeat";
    }

    /** @return seconds between a worker's beats */
    public long intervalSeconds() {
        return Math.max(1, interval.toSeconds());
    }

    /**
     * @param taskId a task
     * @return the bearer token its worker sends
     */
    public String token(String taskId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(taskId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("this JVM has no HMAC-SHA-256", e);
        }
    }

    /**
     * @param taskId a task
     * @param authorization the request's {@code Authorization} header
     * @return whether it carries the task's token
     */
    public boolean authorized(String taskId, String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token(taskId).getBytes(StandardCharsets.UTF_8),
                authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The worker runs or spoke: its silence is timed from now.
     *
     * @param taskId a task
     */
    public void alive(String taskId) {
        lastSignOfLife.put(taskId, Instant.now());
    }

    /**
     * @param taskId a task whose worker ended or was stopped
     */
    public void forget(String taskId) {
        lastSignOfLife.remove(taskId);
    }

    /**
     * @param taskId a task
     * @return whether its worker is watched
     */
    public boolean watched(String taskId) {
        return lastSignOfLife.containsKey(taskId);
    }

    /**
     * @param now the time
     * @return tasks whose workers have been silent longer than the timeout
     */
    public List<String> overdue(Instant now) {
        Instant limit = now.minus(timeout);
        return lastSignOfLife.entrySet().stream().filter(entry -> entry.getValue().isBefore(limit))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** @return the timeout */
    public Duration timeout() {
        return timeout;
    }
}
