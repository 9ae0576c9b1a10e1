package dev.airlock.dispatcher.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.dispatcher.launch.WorkerObserver;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * Issue 3 "Numbers": Jobs created per second through {@link JobLauncher} beside a bare fabric8 client against the same
 * mock API server (a fresh one per phase), in the same run, and the launch latency at half that rate. Runs only with
 * {@code -Dbenchmark=true}; writes {@code target/benchmark-dispatcher.md}.
 */
class JobCreationBenchmarkTest {

    static final int TASKS = Integer.getInteger("benchmark.tasks", 2000);
    static final int WARM_UP = 300;
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    static final Map<String, String> ENVIRONMENT = JobFactoryTest.ENVIRONMENT;

    private static final WorkerObserver SILENT = new WorkerObserver() {
        @Override
        public void started(String taskId) {
        }

        @Override
        public void progressed(String taskId, Progress progress) {
        }

        @Override
        public void finished(String taskId, String prefix, WorkerResult result, Runnable onReported) {
        }

        @Override
        public void lost(String taskId, Runnable onReported) {
        }
    };

    record Server(KubernetesMockServer server, KubernetesClient client) implements AutoCloseable {
        static Server start() {
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            server.init();
            return new Server(server, server.createClient());
        }

        @Override
        public void close() {
            client.close();
            server.destroy();
        }
    }

    interface Creator {
        void create(TaskRequest task);

        /** Makes a phase's creator for a fresh server. */
        interface Factory {
            Creator create(KubernetesClient client, JobLauncher launcher);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static List<TaskRequest> tasks(int count) {
        List<TaskRequest> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(JobLauncherTest.task());
        }
        return tasks;
    }

    /** @return tasks per second, creating {@code tasks} one after the other as the intake does */
    static double rate(Creator creator, List<TaskRequest> tasks) {
        long start = System.nanoTime();
        tasks.forEach(creator::create);
        return tasks.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** @return launch latencies in ms at {@code perSecond}, each from its planned start, open loop */
    static double[] latencies(Creator creator, List<TaskRequest> tasks, double perSecond) {
        double[] latencies = new double[tasks.size()];
        long start = System.nanoTime();
        long interval = (long) (1e9 / perSecond);
        for (int i = 0; i < tasks.size(); i++) {
            long planned = start + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            creator.create(tasks.get(i));
            latencies[i] = (System.nanoTime() - planned) / 1e6;
        }
        Arrays.sort(latencies);
        return latencies;
    }

    static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    JobLauncher launcher(KubernetesClient client, double rate) {
        JobLauncher launcher = new JobLauncher(client, new JobFactory(JobLauncherTest.settings()),
                new JobStateReader(Duration.ofMinutes(5)), new CreateRateLimiter(rate, 30, System::nanoTime),
                Duration.ofSeconds(60), Clock.systemUTC());
        launcher.recover(SILENT);
        return launcher;
    }

    @Test
    void jobsPerSecondThroughTheLauncherBesideABareClient() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("benchmark"), "run with -Dbenchmark=true");
        // the mock server logs every request at INFO; that would be most of what is measured
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        JobFactory factory = new JobFactory(JobLauncherTest.settings());
        String ns = JobLauncherTest.NAMESPACE;
        Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        Map<String, Creator.Factory> phases = new java.util.LinkedHashMap<>();
        phases.put("bare client: Job", (c, l) -> t -> c.batch().v1().jobs().inNamespace(ns)
                .resource(factory.job(t, ENVIRONMENT)).create());
        phases.put("bare client: Job + Secret", (c, l) -> t -> {
            Job job = c.batch().v1().jobs().inNamespace(ns).resource(factory.job(t, ENVIRONMENT)).create();
            c.secrets().inNamespace(ns).resource(JobFactory.ownedBy(factory.secret(t, ENVIRONMENT), job)).create();
        });
        phases.put("JobLauncher (limiter off, informers on)", (c, l) -> t -> l.launch(t, ENVIRONMENT, SILENT));
        List<String> names = new ArrayList<>(phases.keySet());
        for (int round = 0; round < ROUNDS; round++) {
            // rotate the order so a busy moment of the shared machine does not always hit the same phase
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                try (Server s = Server.start(); JobLauncher launcher = launcher(s.client(), 0)) {
                    Creator creator = phases.get(name).create(s.client(), launcher);
                    rate(creator, tasks(WARM_UP));
                    rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate(creator, tasks(TASKS)));
                }
            }
        }
        double launcherRate = median(rates.get("JobLauncher (limiter off, informers on)"));
        List<double[]> halfLoads = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            try (Server s = Server.start(); JobLauncher launcher = launcher(s.client(), 0)) {
                Creator viaLauncher = t -> launcher.launch(t, ENVIRONMENT, SILENT);
                rate(viaLauncher, tasks(WARM_UP));
                halfLoads.add(latencies(viaLauncher, tasks(TASKS / 2), launcherRate / 2));
            }
        }
        double limited;
        try (Server s = Server.start(); JobLauncher launcher = launcher(s.client(), 20)) {
            limited = rate(t -> launcher.launch(t, ENVIRONMENT, SILENT), tasks(130));
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%d tasks per phase, one after the other (as the intake does), "
                + "%d rounds in rotating order, a fresh mock server per phase; median (best) tasks/s%n%n", TASKS,
                ROUNDS));
        report.append("| path | tasks/s | ratio to bare Job | ratio to bare Job + Secret |\n|---|---:|---:|---:|\n");
        double bareJob = median(rates.get("bare client: Job"));
        double bareBoth = median(rates.get("bare client: Job + Secret"));
        rates.forEach((name, values) -> report.append(String.format(Locale.ROOT, "| %s | %.0f (%.0f) | %.2f | %.2f |%n",
                name, median(values), values.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                median(values) / bareJob, median(values) / bareBoth)));
        report.append(String.format(Locale.ROOT, "| JobLauncher, default limiter (20/s, burst 30), 130 tasks | %.1f | | |%n",
                limited));
        for (double[] halfLoad : halfLoads) {
            report.append(String.format(Locale.ROOT, "%nLaunch latency at half load (%.0f tasks/s, %d tasks, open "
                    + "loop): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", launcherRate / 2, TASKS / 2,
                    percentile(halfLoad, 0.5), percentile(halfLoad, 0.99), halfLoad[halfLoad.length - 1]));
        }
        System.out.println(report);
        Files.writeString(Path.of("target/benchmark-dispatcher.md"), report);
    }
}
