package dev.airlock.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;

/**
 * The demo behind the README's first command: brings the stack up, trains on the penguins sample through the hub's
 * API, waits for {@code completed}, downloads the synthetic table and says where everything is.
 */
public final class DemoMain {

    private DemoMain() {
    }

    /**
     * @param args {@code --keep-running} to leave the stack up until Ctrl-C (when a terminal is attached)
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("airlock.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve(".airlock");
        boolean keepRunning = java.util.Arrays.asList(args).contains("--keep-running") && System.console() != null;
        LocalStack.Options options = new LocalStack.Options(root, state, "demo",
                Map.of("penguins", root.resolve("data/penguins.csv")), false);
        System.out.println("Starting S3Proxy, hub and dispatcher (logs in " + state + ") ...");
        try (LocalStack stack = LocalStack.start(options)) {
            System.out.println("Hub ready at " + stack.hubUrl());
            String body = """
                    {"type": "train", "dataSource": "penguins", "modelConfig": {"synthesizer": "default"},
                     "parameters": {"seed": 42, "target": "Species"}}""";
            var response = stack.submit("demo", body);
            if (response.statusCode() != 202) {
                throw new IllegalStateException("the hub refused the task: " + response.body());
            }
            String taskId = MessageCodec.mapper().readTree(response.body()).path("id").asText();
            System.out.println("Submitted train task " + taskId + " on data source 'penguins'; waiting ...");
            JsonNode task = stack.awaitTerminal(taskId, Duration.ofMinutes(5));
            if (!"completed".equals(task.path("state").asText())) {
                throw new IllegalStateException("task " + taskId + " ended " + task.path("state").asText() + ": "
                        + task.path("error"));
            }
            String key = task.path("outputPrefix").asText() + "synthetic.csv";
            Path out = Files.createDirectories(state.resolve("out")).resolve("penguins-synthetic.csv");
            Files.deleteIfExists(out);
            stack.store().download(LocalStack.SHARED_BUCKET, key, out);
            System.out.println();
            System.out.println("Task " + taskId + " completed.");
            System.out.println("  synthetic table: s3://" + LocalStack.SHARED_BUCKET + "/" + key);
            System.out.println("  downloaded to:   " + out);
            JsonNode metrics = task.path("metrics");
            System.out.println("  rows:            " + metrics.path("rows.synthetic").asLong());
            System.out.println("  report:          s3://" + LocalStack.SHARED_BUCKET + "/" + task.path("outputPrefix").asText()
                    + "report.json");
            System.out.printf(java.util.Locale.ROOT,
                    "  quality:         %.3f overall (column shapes %.3f, pair trends %.3f, ML utility %.3f of real)%n",
                    metrics.path("quality.overall").asDouble(), metrics.path("quality.columnShapes").asDouble(),
                    metrics.path("quality.columnPairTrends").asDouble(),
                    metrics.path("quality.mlUtility.ratio").asDouble());
            System.out.printf(java.util.Locale.ROOT,
                    "  SDMetrics:       %.3f quality score (column shapes %.3f, pair trends %.3f)%n",
                    metrics.path("quality.sdmetrics.score").asDouble(),
                    metrics.path("quality.sdmetrics.columnShapes").asDouble(),
                    metrics.path("quality.sdmetrics.columnPairTrends").asDouble());
            System.out.printf(java.util.Locale.ROOT,
                    "  privacy:         %.4f exact copies (natural %.4f), train-closer share %.3f (0.5 ideal)%n",
                    metrics.path("privacy.exactCopyRate").asDouble(), metrics.path("privacy.naturalCopyRate").asDouble(),
                    metrics.path("privacy.trainCloserShare").asDouble());
            System.out.printf(java.util.Locale.ROOT,
                    "  distance:        %.3f median to the closest training row (a fresh real row's %.3f)%n",
                    metrics.path("privacy.dcrBaselineProtection.syntheticMedian").asDouble(),
                    metrics.path("privacy.dcrBaselineProtection.holdoutMedian").asDouble());
            System.out.println("  task:            curl " + stack.hubUrl() + "/api/tasks/" + taskId);
            System.out.println("  its events:      curl " + stack.hubUrl() + "/api/tasks/" + taskId + "/events");
            System.out.println("  its report:      curl " + stack.hubUrl() + "/api/tasks/" + taskId + "/report");
            System.out.println("  in the browser:  " + stack.hubUrl() + "/ui/tasks/" + taskId);
            System.out.println("  project tasks:   curl " + stack.hubUrl() + "/api/projects/demo/tasks");
            if (keepRunning) {
                System.out.println();
                System.out.println("The stack keeps running; press Ctrl-C to stop it.");
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
                Thread.currentThread().join();
            }
        }
    }
}
