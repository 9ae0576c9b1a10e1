package dev.airlock.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.synth.ProgressListener;

/**
 * Tells the dispatcher the worker is alive and how far it is: a POST of the latest phase and fraction to the task's
 * heartbeat URL at once when the phase changes (at most once a second) and every interval otherwise. A dispatcher that
 * hears nothing for its timeout stops the worker and reports the task lost. Failures are not fatal: the next beat
 * tries again.
 */
final class HeartbeatSender implements ProgressListener, AutoCloseable {

    private final ProgressListener next;
    private final URI url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private String phase = "start";
    private double fraction;
    private long lastSentNanos;
    private boolean pending;
    private boolean warned;

    private HeartbeatSender(ProgressListener next, URI url, String token, long intervalSeconds) {
        this.next = next;
        this.url = url;
        this.token = token;
        timer.scheduleWithFixedDelay(this::send, 0, intervalSeconds, TimeUnit.SECONDS);
    }

    /**
     * @param env the worker's environment
     * @param next where progress goes besides
     * @return a sender when the environment names a heartbeat URL, otherwise {@code next} itself
     */
    static ProgressListener from(Map<String, String> env, ProgressListener next) {
        String url = env.get(WorkerEnvironment.HEARTBEAT_URL);
        if (url == null || url.isBlank()) {
            return next;
        }
        long interval = Long.parseLong(env.getOrDefault(WorkerEnvironment.HEARTBEAT_INTERVAL, "15"));
        return new HeartbeatSender(next, URI.create(url), env.getOrDefault(WorkerEnvironment.HEARTBEAT_TOKEN, ""),
                Math.max(1, interval));
    }

    @Override
    public void onProgress(String phase, double fraction) {
        next.onProgress(phase, fraction);
        long delayNanos;
        synchronized (this) {
            boolean newPhase = !phase.equals(this.phase);
            this.phase = phase;
            this.fraction = Math.max(0, Math.min(1, fraction));
            if (!newPhase || pending) {
                return;
            }
            pending = true;
            delayNanos = Math.max(0, TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - lastSentNanos));
        }
        // a new phase goes out at once, or as soon as a second has passed since the last beat
        timer.schedule(this::send, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void send() {
        String body;
        synchronized (this) {
            body = String.format(Locale.ROOT, "{\"phase\":\"%s\",\"fraction\":%.3f}", phase, fraction);
            lastSentNanos = System.nanoTime();
            pending = false;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300 && !warned) {
                System.err.println("heartbeat refused by the dispatcher: HTTP " + response.statusCode());
                warned = true;
            }
        } catch (java.io.IOException e) {
            if (!warned) {
                // a refused connection has no message of its own
                System.err.println("heartbeat not delivered, retrying: "
                        + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
                warned = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the last phase, then stops beating. */
    @Override
    public void close() {
        timer.shutdownNow();
        send();
    }
}
