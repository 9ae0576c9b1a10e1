package dev.airlock.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.airlock.common.contract.MessageCodec;

/**
 * The hub under load from this process (a second process on loopback): the most {@code GET /api/tasks/{id}} and
 * {@code POST /api/projects/{p}/tasks} per second with 8 connections in a closed loop, then p50/p99 at half that
 * rate in an open loop (latency from the scheduled send time, so a slow response delays no measurement), the hub's
 * start-up time from its log and its RSS after the first request. Tasks name an unknown data source, so the zone
 * ends each at once without starting a worker.
 *
 * <pre>
 * ./mvnw -B -q install -Dquick &amp;&amp; ./mvnw -B -q -pl e2e exec:java -Dexec.mainClass=dev.airlock.e2e.HubLoadBenchmark
 * </pre>
 */
public final class HubLoadBenchmark {

    private static final int CONNECTIONS = 8;
    private static final Duration CLOSED_LOOP = Duration.ofSeconds(10);
    private static final Duration OPEN_LOOP = Duration.ofSeconds(15);
    private static final String BODY = "{\"type\": \"train\", \"dataSource\": \"benchmark-nowhere\"}";

    private HubLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("airlock.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve(".airlock/hub-bench");
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(root, state, "hubbench", Map.of(), true))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<String> projects = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                projects.add("load-" + i);
            }
            String taskId = MessageCodec.mapper().readTree(stack.submit(projects.get(0), BODY).body()).path("id")
                    .asText();
            long rssKb = rssOf(stack.hubUrl());
            for (String project : projects) {
                stack.submit(project, BODY);
            }
            long warmRssKb = rssOf(stack.hubUrl());
            String startup = startupOf(stack.log("hub"));
            AtomicInteger next = new AtomicInteger();
            IntFunction<HttpRequest> get = i -> HttpRequest
                    .newBuilder(URI.create(stack.hubUrl() + "/api/tasks/" + taskId)).GET().build();
            IntFunction<HttpRequest> post = i -> HttpRequest
                    .newBuilder(URI.create(stack.hubUrl() + "/api/projects/"
                            + projects.get(next.getAndIncrement() % projects.size()) + "/tasks"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build();
            System.out.printf(Locale.ROOT, "%nhub start-up: %s; RSS after the first request: %d MiB (%.0f MB), after "
                    + "65 projects and tasks: %d MiB%n", startup, rssKb / 1024, rssKb * 1024 / 1e6, warmRssKb / 1024);
            EmptyApp empty = EmptyApp.measure(root, state, http);
            System.out.printf(Locale.ROOT, "empty Quarkus app (quarkus-rest, one endpoint, same JVM flags) in the "
                    + "same run: start-up %s; RSS after the first request: %d MiB%n", empty.startup(),
                    empty.rssKb() / 1024);
            for (var entry : Map.of("GET /api/tasks/{id}", get, "POST /api/projects/{p}/tasks", post).entrySet()) {
                double maximum = closedLoop(http, entry.getValue());
                List<Long> latencies = openLoop(http, entry.getValue(), maximum / 2);
                System.out.printf(Locale.ROOT, "%-30s max %7.0f req/s; at %6.0f req/s: p50 %5.1f ms, p99 %5.1f ms"
                        + " (%d requests)%n", entry.getKey(), maximum, maximum / 2, percentile(latencies, 0.5),
                        percentile(latencies, 0.99), latencies.size());
            }
        }
    }

    private static double closedLoop(HttpClient http, IntFunction<HttpRequest> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + CLOSED_LOOP.toNanos();
        for (int c = 0; c < CONNECTIONS; c++) {
            pool.submit(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    HttpResponse<Void> response = http.send(request.apply(i++), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() >= 300 && response.statusCode() != 429) {
                        throw new IllegalStateException("status " + response.statusCode());
                    }
                    done.incrementAndGet();
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return done.get() / (double) CLOSED_LOOP.toSeconds();
    }

    private static List<Long> openLoop(HttpClient http, IntFunction<HttpRequest> request, double rate)
            throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService senders = Executors.newFixedThreadPool(64);
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long count = (long) (rate * OPEN_LOOP.toSeconds());
        for (long i = 0; i < count; i++) {
            long scheduled = start + i * interval;
            int index = (int) i;
            clock.schedule(() -> senders.submit(() -> {
                http.send(request.apply(index), HttpResponse.BodyHandlers.discarding());
                latencies.add(System.nanoTime() - scheduled);
                return null;
            }), scheduled - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        clock.shutdown();
        clock.awaitTermination(1, TimeUnit.MINUTES);
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.MINUTES);
        return latencies;
    }

    private static double percentile(List<Long> nanos, double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    /** Start-up and memory of an empty Quarkus app on this machine now, as the baseline for the hub's. */
    private record EmptyApp(String startup, long rssKb) {

        static EmptyApp measure(Path root, Path state, HttpClient http) throws Exception {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path log = state.resolve("empty-app.log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar",
                    root.resolve("bench-empty/target/quarkus-app/quarkus-run.jar").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                URI hello = URI.create("http://127.0.0.1:" + port + "/hello");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    try {
                        if (http.send(HttpRequest.newBuilder(hello).GET().build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            break;
                        }
                    } catch (java.io.IOException notYet) {
                        // not listening yet
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the empty app did not start; see " + log);
                    }
                    Thread.sleep(100);
                }
                long rss = -1;
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                return new EmptyApp(startupOf(log), rss);
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    private static long rssOf(String hubUrl) throws Exception {
        String port = hubUrl.substring(hubUrl.lastIndexOf(':') + 1);
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String command = process.info().commandLine().orElse("");
            if (command.contains("hub/target/quarkus-app/quarkus-run.jar") && command.contains("port=" + port)) {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            }
        }
        return -1;
    }

    private static String startupOf(Path log) throws Exception {
        Matcher matcher = Pattern.compile("started in ([0-9.]+s)").matcher(Files.readString(log));
        return matcher.find() ? matcher.group(1) : "unknown";
    }
}
