package dev.airlock.dispatcher.kubernetes;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.WorkerResult;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * Plays the cluster for launcher tests: notices each Job created on the mock API server, makes its pod and writes pod
 * and Job status the way the Job controller and kubelet would, following the scenario registered for the task. The
 * {@link Scenario#RUN_WORKER} scenario runs the real worker jar as a local process with the Job's environment, its
 * Secret's task file, and hands the worker's result back as the container's termination message.
 */
public final class TestKubelet implements AutoCloseable {

    /** What the "cluster" does with a task's Job. */
    public enum Scenario {
        /** Run the real worker; the pod ends as the worker does. */
        RUN_WORKER,
        /** The pod runs and stays running. */
        RUN_FOREVER,
        /** The container is killed for memory. */
        OOM_KILLED,
        /** The worker completes with one artifact, without running anything. */
        COMPLETE,
        /** The worker exits with code 1 without a result. */
        EXIT_1,
        /** The image cannot be pulled. */
        IMAGE_PULL_BACK_OFF,
        /** No node fits the pod. */
        UNSCHEDULABLE,
        /** The pod runs until the Job's deadline passes. */
        DEADLINE_EXCEEDED,
        /** The pod runs, then someone deletes it; the Job controller fails the Job (backoffLimit 0). */
        POD_DELETED,
        /** The pod runs, then someone deletes the Job. */
        JOB_DELETED,
        /** Nothing happens: no pod. */
        NOTHING
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Path workerJar;
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final Watch watch;
    private volatile Scenario defaultScenario = Scenario.RUN_WORKER;

    /**
     * @param client a client of the mock API server
     * @param namespace the namespace to watch
     * @param workerJar the packaged worker
     */
    public TestKubelet(KubernetesClient client, String namespace, Path workerJar) {
        this.client = client;
        this.namespace = namespace;
        this.workerJar = workerJar;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED && seen.putIfAbsent(job.getMetadata().getName(), true) == null) {
                    pool.execute(() -> play(job));
                } else if (action == Action.DELETED) {
                    // a Job created again under the same name is a new Job
                    seen.remove(job.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /**
     * @param taskId a task
     * @param scenario what happens to its Job; {@link Scenario#RUN_WORKER} when none is set
     */
    public void given(String taskId, Scenario scenario) {
        scenarios.put(taskId, scenario);
    }

    /**
     * @param scenario what happens to Jobs of tasks without their own scenario
     */
    public void givenAnyOtherTask(Scenario scenario) {
        this.defaultScenario = scenario;
    }

    private void play(Job job) {
        String taskId = job.getMetadata().getLabels().get(JobFactory.TASK_ID_LABEL);
        Scenario scenario = scenarios.getOrDefault(taskId, defaultScenario);
        try {
            switch (scenario) {
                case NOTHING -> {
                }
                case IMAGE_PULL_BACK_OFF -> createPod(job, new PodStatusBuilder().withPhase("Pending")
                        .withContainerStatuses(new ContainerStatusBuilder().withName(JobFactory.CONTAINER)
                                .withImage(image(job)).withState(new ContainerStateBuilder().withNewWaiting()
                                        .withReason("ImagePullBackOff").endWaiting().build())
                                .build())
                        .build());
                case UNSCHEDULABLE -> createPod(job, new PodStatusBuilder().withPhase("Pending")
                        .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                                .withReason("Unschedulable").withLastTransitionTime(Instant.now().toString()).build())
                        .build());
                case RUN_FOREVER -> createPod(job, running());
                case OOM_KILLED -> {
                    Pod pod = createPod(job, running());
                    terminate(pod, 137, "OOMKilled", null);
                    finishJob(job, "Failed", "BackoffLimitExceeded");
                }
                case EXIT_1 -> {
                    Pod pod = createPod(job, running());
                    terminate(pod, 1, "Error", null);
                    finishJob(job, "Failed", "BackoffLimitExceeded");
                }
                case DEADLINE_EXCEEDED -> {
                    Pod pod = createPod(job, running());
                    terminate(pod, 143, "Error", null);
                    finishJob(job, "Failed", "DeadlineExceeded");
                }
                case POD_DELETED -> {
                    Pod pod = createPod(job, running());
                    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
                    finishJob(job, "Failed", "BackoffLimitExceeded");
                }
                case JOB_DELETED -> {
                    createPod(job, running());
                    client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).delete();
                }
                case RUN_WORKER -> runWorker(job);
                case COMPLETE -> {
                    Pod pod = createPod(job, running());
                    String prefix = job.getMetadata().getAnnotations().get(JobFactory.OUTPUT_PREFIX_ANNOTATION);
                    terminate(pod, 0, "Completed", new String(MessageCodec.encode(new WorkerResult(
                            TaskState.COMPLETED, List.of(new Artifact("model", prefix + TaskPaths.MODEL, 42)),
                            Map.of("rows.synthetic", 10.0), null)), StandardCharsets.UTF_8));
                    finishJob(job, "Complete", null);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("test kubelet failed on " + job.getMetadata().getName(), e);
        }
    }

    private void runWorker(Job job) throws Exception {
        Secret secret = awaitSecret(job.getMetadata().getName());
        Path dir = Files.createTempDirectory("kubelet-" + job.getMetadata().getName());
        Path taskFile = dir.resolve("task.json");
        Files.writeString(taskFile, value(secret, JobFactory.TASK_KEY));
        Path resultFile = dir.resolve("termination-log");
        Path workDir = Files.createDirectories(dir.resolve("work"));
        Pod pod = createPod(job, running());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", workerJar.toAbsolutePath().toString(), "run-task")
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
        Map<String, String> env = builder.environment();
        for (EnvVar var : job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            env.put(var.getName(), var.getValueFrom() == null ? var.getValue()
                    : value(secret, var.getValueFrom().getSecretKeyRef().getKey()));
        }
        env.put("AIRLOCK_TASK_FILE", taskFile.toString());
        env.put("AIRLOCK_RESULT_FILE", resultFile.toString());
        env.put("AIRLOCK_WORK_DIR", workDir.toString());
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
            // deleting the Job deletes its pod, which stops the container, as the cluster would
            if (System.nanoTime() > deadline || client.batch().v1().jobs().inNamespace(namespace)
                    .withName(job.getMetadata().getName()).get() == null) {
                process.destroyForcibly().waitFor();
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
                return;
            }
        }
        String message = Files.exists(resultFile) ? Files.readString(resultFile) : null;
        terminate(pod, process.exitValue(), process.exitValue() == 0 ? "Completed" : "Error", message);
        if (process.exitValue() == 0) {
            finishJob(job, "Complete", null);
        } else {
            finishJob(job, "Failed", "BackoffLimitExceeded");
        }
    }

    /** The launcher creates the Secret right after the Job; a kubelet, too, waits for a missing Secret volume. */
    private Secret awaitSecret(String name) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> client.secrets().inNamespace(namespace).withName(name).get(), Objects::nonNull);
    }

    private static String value(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String image(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static io.fabric8.kubernetes.api.model.PodStatus running() {
        return new PodStatusBuilder().withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder().withName(JobFactory.CONTAINER)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Instant.now().toString())
                                .endRunning().build())
                        .build())
                .build();
    }

    private Pod createPod(Job job, io.fabric8.kubernetes.api.model.PodStatus status) {
        Map<String, String> labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
        Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-pod")
                .withNamespace(namespace).withLabels(labels).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withStatus(status).build();
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    private void terminate(Pod pod, int exitCode, String reason, String message) {
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                .edit(p -> new PodBuilder(p).withStatus(new PodStatusBuilder().withPhase(exitCode == 0 ? "Succeeded"
                        : "Failed")
                        .withContainerStatuses(new ContainerStatusBuilder().withName(JobFactory.CONTAINER)
                                .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                                        .withReason(reason).withMessage(message).endTerminated().build())
                                .build())
                        .build()).build());
    }

    private void finishJob(Job job, String type, String reason) {
        client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName())
                .edit(j -> new JobBuilder(j).withNewStatus()
                        .withConditions(List.of(new JobConditionBuilder().withType(type).withStatus("True")
                                .withReason(reason).build()))
                        .withSucceeded("Complete".equals(type) ? 1 : 0).withFailed("Failed".equals(type) ? 1 : 0)
                        .endStatus().build());
    }

    @Override
    public void close() {
        watch.close();
        pool.shutdownNow();
    }
}
