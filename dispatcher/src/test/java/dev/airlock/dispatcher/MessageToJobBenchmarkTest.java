package dev.airlock.dispatcher;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.dispatcher.kubernetes.JobFactory;
import dev.airlock.dispatcher.kubernetes.JobSettings;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 3 "Numbers", end to end: signed tasks published to RabbitMQ until their Jobs exist on the mock API server,
 * beside a bare fabric8 client creating the same Jobs against the same server in the same run; and the
 * message-to-Job latency at half that rate. Only with {@code -Dbenchmark=true}; writes
 * {@code target/benchmark-message-to-job.md}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@QuarkusTestResource(value = DispatcherTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KubernetesMockServerResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "dispatcher.max-running-workers", value = "100000"),
        @ResourceArg(name = "dispatcher.kubernetes.create-rate", value = "0"),
        @ResourceArg(name = "dispatcher.kubernetes.relist-period", value = "60s") })
class MessageToJobBenchmarkTest {

    static final int TASKS = Integer.getInteger("benchmark.tasks", 1000);
    static final int WARM_UP = TASKS;

    private final Map<String, Long> jobSeenAt = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    dev.airlock.dispatcher.launch.WorkerLauncher launcher;

    @Test
    void tasksPerSecondFromMessageToJob() throws Exception {
        KubernetesMockServerResource.kubelet.givenAnyOtherTask(
                dev.airlock.dispatcher.kubernetes.TestKubelet.Scenario.NOTHING);
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesClient client = KubernetesMockServerResource.client;
        try (Watch watch = client.batch().v1().jobs().inNamespace(KubernetesMockServerResource.NAMESPACE)
                .watch(new Watcher<Job>() {
                    @Override
                    public void eventReceived(Action action, Job job) {
                        jobSeenAt.putIfAbsent(job.getMetadata().getLabels().get(JobFactory.TASK_ID_LABEL),
                                System.nanoTime());
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                });
                Connection connection = ZoneTestSupport.connect();
                Channel channel = connection.createChannel()) {
            ZoneTestSupport.TOPOLOGY.declareTasks(channel);
            channel.confirmSelect();

            // every phase starts from an empty server: the mock's list and watch cost grows with what it holds
            publishAllAndAwait(channel, WARM_UP);
            bareClient(client, WARM_UP, true);
            clear(client);
            double viaDispatcher = publishAllAndAwait(channel, TASKS);
            clear(client);
            double bare = bareClient(client, TASKS, false);
            clear(client);
            double bareWithSecret = bareClient(client, TASKS, true);
            clear(client);
            double viaDispatcherAgain = publishAllAndAwait(channel, TASKS);
            clear(client);
            double best = Math.max(viaDispatcher, viaDispatcherAgain);
            double[] latencies = halfLoad(channel, TASKS / 2, best / 2);

            String report = String.format(Locale.ROOT,
                    """
                            %d tasks per phase after as many to warm up, each phase on an empty API server; published at once (dispatcher) or created one after the other (bare client)

                            | path | tasks/s |
                            |---|---:|
                            | message → Job (RabbitMQ, verify, Job + Secret, ack), run 1 / run 2 | %.0f / %.0f |
                            | bare fabric8 client: Job | %.0f |
                            | bare fabric8 client: Job + Secret | %.0f |

                            Ratio dispatcher (best) / bare Job: %.2f; / bare Job + Secret: %.2f.
                            Message-to-Job latency at half load (%.0f tasks/s, %d tasks, open loop): p50 %.1f ms, p99 %.1f ms, max %.1f ms
                            """,
                    TASKS, viaDispatcher, viaDispatcherAgain, bare, bareWithSecret, best / bare,
                    best / bareWithSecret, best / 2, TASKS / 2, percentile(latencies, 0.5),
                    percentile(latencies, 0.99), latencies[latencies.length - 1]);
            System.out.println(report);
            Files.writeString(Path.of("target/benchmark-message-to-job.md"), report);
        }
    }

    /** Deletes every Job and Secret and waits until the dispatcher follows none. */
    private void clear(KubernetesClient client) {
        for (String namespace : List.of(KubernetesMockServerResource.NAMESPACE, "bare")) {
            client.batch().v1().jobs().inNamespace(namespace).delete();
            client.secrets().inNamespace(namespace).delete();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> launcher.running() == 0);
    }

    private List<byte[]> signedTasks(int count, List<String> ids) {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String taskId = UUID.randomUUID().toString();
            ids.add(taskId);
            bodies.add(MessageCodec.encode(ZoneTestSupport.SIGNER.sign(ZoneTestSupport.train(taskId, "penguins"))));
        }
        return bodies;
    }

    private static void publish(Channel channel, byte[] body) throws Exception {
        channel.basicPublish(ZoneTestSupport.TOPOLOGY.tasksExchange(), ZoneTestSupport.TOPOLOGY.zone(),
                new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .headers(Map.of(Contract.HEADER_MESSAGE_TYPE, "TaskRequest")).build(),
                body);
    }

    /** @return tasks per second from the first publish to the last Job seen */
    private double publishAllAndAwait(Channel channel, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        List<byte[]> bodies = signedTasks(count, ids);
        long start = System.nanoTime();
        for (byte[] body : bodies) {
            publish(channel, body);
        }
        channel.waitForConfirmsOrDie(60_000);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                // a plain condition: a failing AssertJ containsAll formats every missing id on each poll, which
                // took CPU from the dispatcher and the mock server during the measured phases
                .until(() -> jobSeenAt.keySet().containsAll(ids));
        long last = ids.stream().mapToLong(jobSeenAt::get).max().orElseThrow();
        return count / ((last - start) / 1e9);
    }

    /** @return latencies in ms from each planned publish to its Job seen */
    private double[] halfLoad(Channel channel, int count, double perSecond) throws Exception {
        List<String> ids = new ArrayList<>();
        List<byte[]> bodies = signedTasks(count, ids);
        long[] planned = new long[count];
        long start = System.nanoTime();
        long interval = (long) (1e9 / perSecond);
        for (int i = 0; i < count; i++) {
            planned[i] = start + i * interval;
            long wait = planned[i] - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            publish(channel, bodies.get(i));
        }
        channel.waitForConfirmsOrDie(60_000);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                // a plain condition: a failing AssertJ containsAll formats every missing id on each poll, which
                // took CPU from the dispatcher and the mock server during the measured phases
                .until(() -> jobSeenAt.keySet().containsAll(ids));
        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = (jobSeenAt.get(ids.get(i)) - planned[i]) / 1e6;
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /** @return Jobs per second a bare client creates one after the other in another namespace of the same server */
    private static double bareClient(KubernetesClient client, int count, boolean withSecret) {
        JobFactory factory = new JobFactory(new JobSettings("default", "bare", 3600, 3600, new Quantity("1Gi"),
                List.of(), Map.of("app.kubernetes.io/name", "airlock-worker"), new PodSecurityContext(),
                new SecurityContext(), Map.of("train", new JobSettings.WorkerClassSettings("airlock-worker:test", null,
                        new ResourceRequirements(), Map.of(), List.of(), null))));
        Map<String, String> environment = Map.of(WorkerEnvironment.S3_ENDPOINT, "http://127.0.0.1:9000",
                WorkerEnvironment.S3_ACCESS_KEY, "a", WorkerEnvironment.S3_SECRET_KEY, "s");
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            var task = ZoneTestSupport.train(UUID.randomUUID().toString(), "penguins");
            Job job = client.batch().v1().jobs().inNamespace("bare").resource(factory.job(task, environment)).create();
            if (withSecret) {
                client.secrets().inNamespace("bare")
                        .resource(JobFactory.ownedBy(factory.secret(task, environment), job)).create();
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
