package dev.airlock.dispatcher.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.dispatcher.launch.UnknownWorkerClassException;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * Turns a task and the zone's settings into the worker's {@link Job} and its per-task {@link Secret}. A pure function:
 * no client, no clock, the same input gives the same objects (golden files in {@code JobFactoryTest}).
 * <p>
 * Everything sensitive (the signed task, the store credentials) goes to the Secret; the Job refers to it. The Secret
 * is owned by the Job once the Job exists ({@link #ownedBy}), so deleting the Job deletes it.
 */
public final class JobFactory {

    /** Label carrying the task id on Jobs, pods and Secrets. */
    public static final String TASK_ID_LABEL = "airlock.dev/task-id";
    /** Label carrying the worker class. */
    public static final String WORKER_CLASS_LABEL = "airlock.dev/worker-class";
    /** Label carrying the zone. */
    public static final String ZONE_LABEL = "airlock.dev/zone";
    /** Label naming who manages the object; the launcher's informers select on it. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** The value of {@link #MANAGED_BY_LABEL}. */
    public static final String MANAGED_BY = "airlock-dispatcher";
    /** Annotation carrying the task's output prefix, so a restarted dispatcher can check the worker's artifacts. */
    public static final String OUTPUT_PREFIX_ANNOTATION = "airlock.dev/output-prefix";
    /** The worker container's name. */
    public static final String CONTAINER = "worker";
    /** Task parameter that picks a worker class other than the task type's, e.g. {@code gpu}. */
    public static final String WORKER_CLASS_PARAMETER = "workerClass";
    /** Where the worker writes its result: Kubernetes hands it back as the container's termination message. */
    public static final String RESULT_PATH = "/dev/termination-log";

    static final String TASK_DIR = "/var/run/airlock/task";
    static final String TASK_KEY = "task.json";
    static final String WORK_DIR = "/work";
    /** Environment variables that only ever reach the worker through the Secret. */
    static final Set<String> SENSITIVE = Set.of(WorkerEnvironment.S3_ACCESS_KEY, WorkerEnvironment.S3_SECRET_KEY,
            WorkerEnvironment.SOURCE_ACCESS_KEY, WorkerEnvironment.SOURCE_SECRET_KEY, WorkerEnvironment.SOURCE_USERNAME,
            WorkerEnvironment.SOURCE_PASSWORD, WorkerEnvironment.HEARTBEAT_TOKEN);

    private final JobSettings settings;

    /**
     * @param settings the zone's launcher settings
     */
    public JobFactory(JobSettings settings) {
        this.settings = settings;
    }

    /**
     * @param taskId a task id (a lower-case UUID)
     * @return the name of its Job and Secret, at most 63 characters
     */
    public static String jobName(String taskId) {
        return "airlock-" + taskId;
    }

    /**
     * @param task a task
     * @return the worker class it runs in: the {@code workerClass} parameter, or its type
     */
    public static String workerClassOf(TaskRequest task) {
        Object requested = task.parameters() == null ? null : task.parameters().get(WORKER_CLASS_PARAMETER);
        return requested == null ? task.type().name().toLowerCase(java.util.Locale.ROOT) : requested.toString();
    }

    /** @return the settings this factory was made with */
    public JobSettings settings() {
        return settings;
    }

    /**
     * @param task an admitted task
     * @param environment the worker's environment (the contract of {@link WorkerEnvironment})
     * @return the Job that runs the task's worker
     * @throws UnknownWorkerClassException when the task's worker class is not configured
     */
    public Job job(TaskRequest task, Map<String, String> environment) {
        String workerClass = workerClassOf(task);
        JobSettings.WorkerClassSettings workerSettings = settings.workerClasses().get(workerClass);
        if (workerSettings == null) {
            throw new UnknownWorkerClassException(workerClass, settings.zone());
        }
        String name = jobName(task.taskId());
        Map<String, String> labels = labels(task);
        long deadline = settings.maxDurationSeconds();
        if (task.limits() != null && task.limits().maxDurationSeconds() > 0) {
            deadline = Math.min(deadline, task.limits().maxDurationSeconds());
        }
        return new JobBuilder()
                .withMetadata(metadata(task, labels))
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(deadline)
                .withTtlSecondsAfterFinished(settings.ttlSecondsAfterFinished())
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(workerSettings.serviceAccount())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(podSecurityContext())
                .withImagePullSecrets(settings.imagePullSecrets())
                .withNodeSelector(workerSettings.nodeSelector().isEmpty() ? null : workerSettings.nodeSelector())
                .withTolerations(workerSettings.tolerations())
                .withAffinity(workerSettings.affinity())
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(workerSettings.image())
                .withArgs("run-task")
                .withEnv(env(name, environment))
                .withResources(workerSettings.resources())
                .withSecurityContext(containerSecurityContext())
                .withTerminationMessagePath(RESULT_PATH)
                .withTerminationMessagePolicy("File")
                .addNewVolumeMount().withName("task").withMountPath(TASK_DIR).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("work").withMountPath(WORK_DIR).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("task")
                .withNewSecret().withSecretName(name).addNewItem().withKey(TASK_KEY).withPath(TASK_KEY).endItem()
                .withDefaultMode(0440).endSecret()
                .endVolume()
                .addNewVolume().withName("work")
                .withNewEmptyDir().withSizeLimit(settings.workDirSizeLimit()).endEmptyDir().endVolume()
                .addNewVolume().withName("tmp")
                .withNewEmptyDir().withSizeLimit(new io.fabric8.kubernetes.api.model.Quantity("256Mi")).endEmptyDir()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * @param task an admitted task
     * @param environment the worker's environment; only its sensitive entries go into the Secret
     * @return the per-task Secret holding the signed task and the store credentials, not yet owned
     */
    public Secret secret(TaskRequest task, Map<String, String> environment) {
        Map<String, String> data = new TreeMap<>();
        data.put(TASK_KEY, new String(MessageCodec.encode(task), StandardCharsets.UTF_8));
        environment.forEach((key, value) -> {
            if (SENSITIVE.contains(key)) {
                data.put(key, value);
            }
        });
        return new SecretBuilder()
                .withMetadata(metadata(task, labels(task)))
                .withType("Opaque")
                .withImmutable(true)
                .withStringData(data)
                .build();
    }

    /**
     * @param secret a task's Secret
     * @param job the task's Job as the API server returned it (with its uid)
     * @return the Secret owned by the Job, so it goes when the Job goes
     */
    public static Secret ownedBy(Secret secret, Job job) {
        return new SecretBuilder(secret).editMetadata()
                .withOwnerReferences(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                        .withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
                        .withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(false)
                        .build())
                .endMetadata().build();
    }

    private ObjectMeta metadata(TaskRequest task, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(jobName(task.taskId()))
                .withNamespace(settings.namespace())
                .withLabels(labels)
                .addToAnnotations("airlock.dev/project", task.project())
                .addToAnnotations(OUTPUT_PREFIX_ANNOTATION, task.output().prefix())
                .addToAnnotations("airlock.dev/task-type", task.type().name().toLowerCase(java.util.Locale.ROOT))
                .build();
    }

    private Map<String, String> labels(TaskRequest task) {
        Map<String, String> labels = new TreeMap<>(settings.workerLabels());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(TASK_ID_LABEL, task.taskId());
        labels.put(WORKER_CLASS_LABEL, workerClassOf(task));
        labels.put(ZONE_LABEL, settings.zone());
        return labels;
    }

    private static List<EnvVar> env(String secretName, Map<String, String> environment) {
        Map<String, String> plain = new TreeMap<>(environment);
        plain.put(WorkerEnvironment.TASK_FILE, TASK_DIR + "/" + TASK_KEY);
        plain.put(WorkerEnvironment.RESULT_FILE, RESULT_PATH);
        plain.put(WorkerEnvironment.WORK_DIR, WORK_DIR);
        List<EnvVar> env = new ArrayList<>();
        plain.forEach((key, value) -> {
            if (SENSITIVE.contains(key)) {
                env.add(new EnvVarBuilder().withName(key).withNewValueFrom().withNewSecretKeyRef()
                        .withName(secretName).withKey(key).endSecretKeyRef().endValueFrom().build());
            } else {
                env.add(new EnvVar(key, value, null));
            }
        });
        return env;
    }

    /** The configured pod context with what ARCHITECTURE §6 requires forced on. */
    private PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder(settings.podSecurityContext())
                .withRunAsNonRoot(true)
                .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                .build();
    }

    /** The configured container context with what ARCHITECTURE §6 requires forced on. */
    private SecurityContext containerSecurityContext() {
        SecurityContext configured = settings.containerSecurityContext();
        Capabilities capabilities = configured.getCapabilities() == null ? new Capabilities()
                : configured.getCapabilities();
        return new SecurityContextBuilder(configured)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(null)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withCapabilities(new Capabilities(capabilities.getAdd(), List.of("ALL")))
                .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                .build();
    }
}
