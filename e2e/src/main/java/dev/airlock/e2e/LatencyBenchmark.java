package dev.airlock.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;

/**
 * Measures submit → {@code completed} latency of a 1,000-row train task on the local launcher: the first 1,000 rows
 * of the birdstrikes sample (14 columns), tasks one after another, as a client sees it (POST until a GET shows
 * {@code completed}) and split into the stages the hub recorded.
 *
 * <pre>
 * ./mvnw -B -q install -Dquick &amp;&amp; ./mvnw -B -q -pl e2e exec:java -Dexec.mainClass=dev.airlock.e2e.LatencyBenchmark -Ddemo.args=20
 * </pre>
 */
public final class LatencyBenchmark {

    private LatencyBenchmark() {
    }

    /** @param args the number of measured tasks (default 20); two warm-up tasks run first */
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = Path.of(System.getProperty("airlock.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve(".airlock/bench");
        Files.createDirectories(state);
        Path table = state.resolve("birdstrikes-1000.csv");
        Files.write(table, Files.readAllLines(root.resolve("data/birdstrikes.csv")).subList(0, 1001));
        LocalStack.Options options = new LocalStack.Options(root, state, "bench", Map.of("birdstrikes1k", table), true);
        try (LocalStack stack = LocalStack.start(options)) {
            List<long[]> samples = new ArrayList<>();
            for (int i = -2; i < tasks; i++) {
                long[] sample = runOne(stack);
                if (i >= 0) {
                    samples.add(sample);
                }
            }
            report(samples);
        }
    }

    /** @return client latency, then created→pending, pending→active, active→completed as the hub recorded them */
    private static long[] runOne(LocalStack stack) throws Exception {
        String body = "{\"type\": \"train\", \"dataSource\": \"birdstrikes1k\", \"parameters\": {\"seed\": 1}}";
        long start = System.nanoTime();
        var response = stack.submit("bench", body);
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the hub refused the task: " + response.body());
        }
        String taskId = MessageCodec.mapper().readTree(response.body()).path("id").asText();
        JsonNode task;
        while (true) {
            task = stack.get("/api/tasks/" + taskId);
            if (!List.of("created", "pending", "active").contains(task.path("state").asText())) {
                break;
            }
            Thread.sleep(5);
        }
        long clientMillis = (System.nanoTime() - start) / 1_000_000;
        if (!"completed".equals(task.path("state").asText())) {
            throw new IllegalStateException("task " + taskId + " ended " + task.path("state") + task.path("error"));
        }
        Instant created = Instant.parse(task.path("createdAt").asText());
        Map<String, Instant> occurred = new java.util.HashMap<>();
        for (JsonNode event : stack.get("/api/tasks/" + taskId + "/events")) {
            occurred.putIfAbsent(event.path("state").asText(), Instant.parse(event.path("occurredAt").asText()));
        }
        return new long[] { clientMillis, millis(created, occurred.get("pending")),
                millis(occurred.get("pending"), occurred.get("active")),
                millis(occurred.get("active"), occurred.get("completed")) };
    }

    private static long millis(Instant from, Instant to) {
        return from == null || to == null ? -1 : Duration.between(from, to).toMillis();
    }

    private static void report(List<long[]> samples) {
        String[] names = { "submit -> completed (client)", "created -> pending (outbox, broker, dispatcher)",
                "pending -> active (JVM start, read, first progress)", "active -> completed (train, sample, upload)" };
        System.out.printf(Locale.ROOT, "%n%d tasks, 1,000 rows x 14 columns, local launcher%n", samples.size());
        System.out.printf(Locale.ROOT, "%-52s %8s %8s %8s %8s%n", "stage (ms)", "min", "p50", "p90", "max");
        for (int s = 0; s < names.length; s++) {
            int stage = s;
            long[] values = samples.stream().mapToLong(v -> v[stage]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-52s %8d %8d %8d %8d%n", names[s], values[0], percentile(values, 0.5),
                    percentile(values, 0.9), values[values.length - 1]);
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }
}
