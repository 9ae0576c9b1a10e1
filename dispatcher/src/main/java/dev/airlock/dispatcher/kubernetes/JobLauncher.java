package dev.airlock.dispatcher.kubernetes;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.airlock.common.contract.TaskRequest;
import dev.airlock.dispatcher.launch.LaunchException;
import dev.airlock.dispatcher.launch.WorkerLauncher;
import dev.airlock.dispatcher.launch.WorkerObserver;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Runs each worker as a Kubernetes Job made by {@link JobFactory}. Creating is idempotent: a Job that already exists
 * for the same task is adopted. State comes from shared informers on the zone's Jobs and pods plus a periodic full
 * relist; all evaluation runs on one thread, so a task's state is reported once per change and in order.
 */
public final class JobLauncher implements WorkerLauncher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobLauncher.class);
    private static final String BY_TASK = "task-id";

    private final KubernetesClient client;
    private final JobFactory factory;
    private final JobStateReader reader;
    private final CreateRateLimiter limiter;
    private final Duration relistPeriod;
    private final Clock clock;
    private final String namespace;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "job-launcher");
        thread.setDaemon(true);
        return thread;
    });
    /** Tasks whose worker this dispatcher follows, until their end is reported. */
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    /** Tasks whose end was reported while their Job stays (until its TTL). */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private volatile WorkerObserver observer;
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<Pod> pods;

    private static final class Tracked {
        final String prefix;
        /** Set once the Job is known to exist; only then may its absence mean the task is lost. */
        volatile boolean created;
        boolean announced;
        boolean active;

        Tracked(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * @param client the Kubernetes client
     * @param factory builds Jobs and Secrets
     * @param reader reads a task's state from its Job and pods
     * @param limiter paces Job creation
     * @param relistPeriod how often all Jobs are listed again
     * @param clock the clock
     */
    public JobLauncher(KubernetesClient client, JobFactory factory, JobStateReader reader, CreateRateLimiter limiter,
            Duration relistPeriod, Clock clock) {
        this.client = client;
        this.factory = factory;
        this.reader = reader;
        this.limiter = limiter;
        this.relistPeriod = relistPeriod;
        this.clock = clock;
        this.namespace = factory.settings().namespace();
    }

    @Override
    public Outcome launch(TaskRequest task, Map<String, String> environment, WorkerObserver observer) {
        this.observer = observer;
        String taskId = task.taskId();
        Job job = factory.job(task, environment);
        Secret secret = factory.secret(task, environment);
        // reserved before the create, so a relist running meanwhile does not adopt the Job as a stranger's
        Tracked reserved = new Tracked(task.output().prefix());
        if (ended.contains(taskId) || tracked.putIfAbsent(taskId, reserved) != null) {
            return Outcome.ALREADY_LAUNCHED;
        }
        Outcome outcome;
        try {
            limiter.acquire();
            Job created;
            try {
                created = client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
                outcome = Outcome.STARTED;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw new LaunchException("cannot create the Job of task " + taskId + ": " + e.getMessage(), e);
                }
                created = adopt(taskId, job);
                outcome = Outcome.ALREADY_LAUNCHED;
            }
            try {
                createSecret(taskId, JobFactory.ownedBy(secret, created));
            } catch (LaunchException e) {
                // a Job without its Secret would wait for it until its deadline: remove it, the retry makes both
                deleteJob(taskId);
                throw e;
            }
            reserved.created = true;
        } catch (RuntimeException e) {
            tracked.remove(taskId, reserved);
            throw e;
        }
        loop.execute(() -> evaluate(taskId));
        return outcome;
    }

    /** A Job of that name exists: it is this task's when the labels say so, otherwise something is badly wrong. */
    private Job adopt(String taskId, Job wanted) {
        Job existing = client.batch().v1().jobs().inNamespace(namespace).withName(wanted.getMetadata().getName()).get();
        if (existing == null) {
            throw new LaunchException("the Job of task " + taskId + " conflicted on create and then vanished");
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        if (labels == null || !taskId.equals(labels.get(JobFactory.TASK_ID_LABEL))
                || !JobFactory.MANAGED_BY.equals(labels.get(JobFactory.MANAGED_BY_LABEL))) {
            throw new LaunchException("Job " + wanted.getMetadata().getName() + " exists but is not the Job of task "
                    + taskId + " (labels differ); refusing to adopt it");
        }
        LOG.infof("task %s: its Job exists already, adopted", taskId);
        return existing;
    }

    private void createSecret(String taskId, Secret secret) {
        try {
            client.secrets().inNamespace(namespace).resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw new LaunchException("cannot create the Secret of task " + taskId + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public int recover(WorkerObserver observer) {
        this.observer = observer;
        startInformers();
        List<Job> existing = listJobs();
        for (Job job : existing) {
            String taskId = taskIdOf(job);
            if (taskId != null) {
                tracked.putIfAbsent(taskId, createdTracked(prefixOf(job)));
            }
        }
        int running = 0;
        try {
            running = loop.submit(() -> {
                tracked.keySet().forEach(this::evaluate);
                return tracked.size();
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LaunchException("cannot re-attach to the zone's Jobs", e.getCause());
        }
        loop.scheduleWithFixedDelay(this::relist, relistPeriod.toMillis(), relistPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.infof("re-attached to %d Job(s) in namespace %s", existing.size(), namespace);
        return running;
    }

    private void startInformers() {
        if (jobs != null) {
            return;
        }
        // no informer resync: relist() does a real list and re-evaluates every task
        long resync = 0;
        jobs = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(JobFactory.MANAGED_BY_LABEL, JobFactory.MANAGED_BY)
                .withLabel(JobFactory.ZONE_LABEL, factory.settings().zone())
                .runnableInformer(resync);
        jobs.addEventHandler(new Handler<>(true));
        pods = client.pods().inNamespace(namespace)
                .withLabel(JobFactory.MANAGED_BY_LABEL, JobFactory.MANAGED_BY)
                .withLabel(JobFactory.ZONE_LABEL, factory.settings().zone())
                .runnableInformer(resync);
        pods.addIndexers(Map.of(BY_TASK, pod -> {
            String taskId = taskIdOf(pod);
            return taskId == null ? List.of() : List.of(taskId);
        }));
        pods.addEventHandler(new Handler<>(false));
        jobs.run();
        pods.run();
    }

    /** Hands every change to the loop thread. */
    private final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {
        private final boolean isJob;

        Handler(boolean isJob) {
            this.isJob = isJob;
        }

        @Override
        public void onAdd(T object) {
            changed(object);
        }

        @Override
        public void onUpdate(T oldObject, T newObject) {
            changed(newObject);
        }

        @Override
        public void onDelete(T object, boolean deletedFinalStateUnknown) {
            String taskId = taskIdOf(object);
            if (taskId != null && isJob) {
                loop.execute(() -> jobGone(taskId));
            } else {
                changed(object);
            }
        }

        private void changed(T object) {
            String taskId = taskIdOf(object);
            if (taskId != null) {
                loop.execute(() -> evaluate(taskId));
            }
        }
    }

    /** On the loop thread: reports what changed for one task. */
    private void evaluate(String taskId) {
        Tracked task = tracked.get(taskId);
        if (task == null || observer == null) {
            return;
        }
        Job job = jobs == null ? null : jobs.getStore().getByKey(namespace + "/" + JobFactory.jobName(taskId));
        if (job == null) {
            // not seen by the informer yet: its add event comes; a vanished Job is a delete event or a relist
            return;
        }
        if (!task.announced) {
            task.announced = true;
            observer.started(taskId);
        }
        List<Pod> pods = podsOf(taskId);
        if (JobStateReader.endedBeforeItsPod(job, pods)) {
            // the Job and pod informers watch apart, so the Job's end can come before its pod's: ask the API server
            try {
                pods = livePodsOf(taskId);
            } catch (KubernetesClientException e) {
                LOG.warnf("task %s: cannot read its pods, trying again at the next relist: %s", taskId,
                        e.getMessage());
                return;
            }
        }
        JobStateReader.Observation observation = reader.read(job, pods, clock.instant());
        if (observation instanceof JobStateReader.Active && !task.active) {
            task.active = true;
            observer.active(taskId);
        } else if (observation instanceof JobStateReader.Ended end) {
            if (!tracked.remove(taskId, task)) {
                // cancelled meanwhile (the pods may have been read from the API server): nothing more is reported
                return;
            }
            ended.add(taskId);
            if (end.deleteJob()) {
                deleteJob(taskId);
            }
            LOG.infof("task %s ended: %s%s", taskId, end.result().state(),
                    end.result().error() == null ? "" : " " + end.result().error().code());
            observer.finished(taskId, task.prefix, end.result(), () -> {
            });
        }
    }

    private void jobGone(String taskId) {
        ended.remove(taskId);
        if (tracked.remove(taskId) != null) {
            LOG.warnf("task %s: its Job vanished before the worker ended", taskId);
            observer.lost(taskId, () -> {
            });
        }
    }

    /** On the loop thread: catches Jobs whose deletion the watch missed, and time-based ends (unschedulable). */
    private void relist() {
        try {
            // only Jobs known to exist before the list may be missed in it; one being created may not be listed yet
            Set<String> known = new HashSet<>();
            tracked.forEach((taskId, task) -> {
                if (task.created) {
                    known.add(taskId);
                }
            });
            Set<String> present = new HashSet<>();
            for (Job job : listJobs()) {
                String taskId = taskIdOf(job);
                if (taskId != null) {
                    present.add(taskId);
                    if (!tracked.containsKey(taskId) && !ended.contains(taskId)) {
                        tracked.putIfAbsent(taskId, createdTracked(prefixOf(job)));
                    }
                }
            }
            for (String taskId : Set.copyOf(tracked.keySet())) {
                if (present.contains(taskId)) {
                    evaluate(taskId);
                } else if (known.contains(taskId)) {
                    jobGone(taskId);
                }
            }
            ended.retainAll(present);
        } catch (RuntimeException e) {
            LOG.warnf("cannot relist the zone's Jobs, trying again in %s: %s", relistPeriod, e.getMessage());
        }
    }

    private List<Job> listJobs() {
        return client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(JobFactory.MANAGED_BY_LABEL, JobFactory.MANAGED_BY)
                .withLabel(JobFactory.ZONE_LABEL, factory.settings().zone())
                .list().getItems();
    }

    private List<Pod> podsOf(String taskId) {
        return pods == null ? List.of() : pods.getIndexer().byIndex(BY_TASK, taskId);
    }

    private List<Pod> livePodsOf(String taskId) {
        return client.pods().inNamespace(namespace).withLabel(JobFactory.MANAGED_BY_LABEL, JobFactory.MANAGED_BY)
                .withLabel(JobFactory.TASK_ID_LABEL, taskId).list().getItems();
    }

    private void deleteJob(String taskId) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(JobFactory.jobName(taskId))
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("task %s: cannot delete its Job, its TTL will: %s", taskId, e.getMessage());
        }
    }

    /** Deletes the task's Job with background propagation (pod and Secret follow); reports nothing more for it. */
    @Override
    public boolean cancel(String taskId) {
        ended.add(taskId);
        boolean wasTracked = tracked.remove(taskId) != null;
        deleteJob(taskId);
        return wasTracked;
    }

    private static Tracked createdTracked(String prefix) {
        Tracked task = new Tracked(prefix);
        task.created = true;
        return task;
    }

    private static String taskIdOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels == null ? null : labels.get(JobFactory.TASK_ID_LABEL);
    }

    private static String prefixOf(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(JobFactory.OUTPUT_PREFIX_ANNOTATION);
    }

    @Override
    public boolean isRunning(String taskId) {
        return tracked.containsKey(taskId);
    }

    @Override
    public int running() {
        return tracked.size();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        if (jobs != null) {
            jobs.close();
            pods.close();
        }
    }
}
