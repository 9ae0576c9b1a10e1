package dev.airlock.dispatcher.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The dispatcher's settings, prefix {@code dispatcher}. */
@ConfigMapping(prefix = "dispatcher")
public interface DispatcherConfig {

    /** {@code dispatcher.zone}: this secure zone's name; tasks routed to it arrive here (default {@code default}). */
    @WithDefault("default")
    String zone();

    /** {@code dispatcher.max-running-workers}: workers at once; more tasks wait in the queue (default 4). */
    @WithDefault("4")
    int maxRunningWorkers();

    /**
     * {@code dispatcher.launch-concurrency}: tasks taken from the queue and launched at once (default 8). The broker
     * never hands over more tasks than free worker slots, so {@code max-running-workers} holds exactly.
     */
    @WithDefault("8")
    int launchConcurrency();

    /**
     * {@code dispatcher.launch-retry-window}: how long a task whose launch fails (API server unreachable, a foreign Job
     * holding its name) is retried with backoff before it ends in {@code error/LAUNCH_FAILED} (default 5 min).
     */
    @WithDefault("5m")
    Duration launchRetryWindow();

    /** {@code dispatcher.max-duration}: longest a worker may be active (default 1 h). */
    @WithDefault("1h")
    Duration maxDuration();

    /** RabbitMQ. */
    Messaging messaging();

    /** Task signature verification. */
    Signing signing();

    /** The shared object store. */
    Store store();

    /** {@code dispatcher.data-sources.<name>}: the zone's data sources by name. */
    Map<String, DataSource> dataSources();

    /**
     * {@code dispatcher.ds-root-key}: the zone's root key for data-source credentials (base64, at least 32 bytes), from
     * {@code AIRLOCK_DS_ROOT_KEY}; required.
     */
    Optional<String> dsRootKey();

    /**
     * {@code dispatcher.allowed-source-hosts}: hosts that data sources defined in the hub may name (database hosts and
     * S3 endpoints); a leading {@code *.} matches any subdomain (default: any host).
     */
    Optional<List<String>> allowedSourceHosts();

    /** Heartbeats from workers to this dispatcher. */
    WorkerHeartbeat workerHeartbeat();

    /** Worker heartbeat settings, prefix {@code dispatcher.worker-heartbeat}. */
    interface WorkerHeartbeat {
        /**
         * {@code dispatcher.worker-heartbeat.url}: this dispatcher's base URL as workers reach it (default
         * {@code http://127.0.0.1:<quarkus.http.port>}; on Kubernetes the chart sets the Service's URL).
         */
        Optional<String> url();

        /** {@code dispatcher.worker-heartbeat.interval}: how often a worker beats when nothing changes (default 15 s). */
        @WithDefault("15s")
        Duration interval();

        /**
         * {@code dispatcher.worker-heartbeat.timeout}: a running worker silent this long is stopped and its task
         * reported {@code lost} (default 2 min).
         */
        @WithDefault("2m")
        Duration timeout();

        /** {@code dispatcher.worker-heartbeat.check-every}: how often silent workers are looked for (default 5 s). */
        @WithDefault("5s")
        Duration checkEvery();
    }

    /** Metrics. */
    Metrics metrics();

    /** Metrics settings, prefix {@code dispatcher.metrics}. */
    interface Metrics {
        /**
         * {@code dispatcher.metrics.queue-depth-every}: how often the task queue's waiting messages are counted for
         * {@code airlock_task_queue_ready} (default 15 s); scrapes read the last count.
         */
        @WithDefault("15s")
        Duration queueDepthEvery();
    }

    /** {@code dispatcher.heartbeat-interval}: how often the zone tells the hub it is alive, with its key (default 30 s). */
    @WithDefault("30s")
    Duration heartbeatInterval();

    /**
     * {@code dispatcher.launcher}: {@code local} (a child process per task) or {@code kubernetes} (a Job per task) (default
     * {@code local}).
     */
    @WithDefault("local")
    LauncherKind launcher();

    /** The local-process launcher. */
    Local local();

    /** The Kubernetes launcher. */
    Kubernetes kubernetes();

    /** The signed license. */
    License license();

    /** License files, prefix {@code dispatcher.license}. */
    interface License {
        /** {@code dispatcher.license.features-file}: {@code features.json}, from {@code DISPATCHER_LICENSE_FEATURES_FILE}. */
        Optional<Path> featuresFile();

        /**
         * {@code dispatcher.license.signature-file}: {@code features.sig.json}, from {@code DISPATCHER_LICENSE_SIGNATURE_FILE}.
         */
        Optional<Path> signatureFile();

        /**
         * {@code dispatcher.license.trusted-keys.<key-id>}: license issuers' Ed25519 public keys (X.509, base64), besides
         * those built into the dispatcher (default: none).
         */
        Map<String, String> trustedKeys();
    }

    /** Which launcher starts workers. */
    enum LauncherKind {
        /** Child processes of the dispatcher. */
        LOCAL,
        /** One Kubernetes Job per task. */
        KUBERNETES
    }

    /** RabbitMQ settings, prefix {@code dispatcher.messaging}. */
    interface Messaging {
        /** {@code dispatcher.messaging.host} (default {@code 127.0.0.1}). */
        @WithDefault("127.0.0.1")
        String host();

        /** {@code dispatcher.messaging.port} (default 5672). */
        @WithDefault("5672")
        int port();

        /** {@code dispatcher.messaging.username} (default {@code guest}). */
        @WithDefault("guest")
        String username();

        /** {@code dispatcher.messaging.password}, from {@code AIRLOCK_RABBITMQ_PASSWORD} (default {@code guest}). */
        String password();

        /** {@code dispatcher.messaging.virtual-host} (default {@code /}). */
        @WithDefault("/")
        String virtualHost();

        /** {@code dispatcher.messaging.prefix}: exchange and queue name prefix (default {@code airlock}). */
        @WithDefault("airlock")
        String prefix();

        /** {@code dispatcher.messaging.delivery-limit}: deliveries before a message is dead-lettered (default 5). */
        @WithDefault("5")
        int deliveryLimit();
    }

    /** Signature settings, prefix {@code dispatcher.signing}. */
    interface Signing {
        /** {@code dispatcher.signing.verify-key}: the hub's Ed25519 public key, from {@code AIRLOCK_TASK_VERIFY_KEY}. */
        String verifyKey();

        /** {@code dispatcher.signing.key-id}: the id the hub signs with (default {@code hub-1}). */
        @WithDefault("hub-1")
        String keyId();

        /**
         * {@code dispatcher.signing.max-age}: oldest task message accepted, counted from when the hub sent it (default
         * 24 h). It bounds replays of captured messages and how long a task may wait for a free worker slot: one that
         * waited longer ends in {@code error} with code {@code EXPIRED}. Cancels are remembered this long.
         */
        @WithDefault("24h")
        Duration maxAge();
    }

    /** Object store settings, prefix {@code dispatcher.store}. */
    interface Store {
        /** {@code dispatcher.store.endpoint}: S3 endpoint URL (default {@code http://127.0.0.1:9000}). */
        @WithDefault("http://127.0.0.1:9000")
        String endpoint();

        /** {@code dispatcher.store.access-key}, from {@code AIRLOCK_S3_ACCESS_KEY}. */
        String accessKey();

        /** {@code dispatcher.store.secret-key}, from {@code AIRLOCK_S3_SECRET_KEY}. */
        String secretKey();

        /** {@code dispatcher.store.region} (default {@code us-east-1}). */
        @WithDefault("us-east-1")
        String region();

        /** {@code dispatcher.store.shared-bucket}: where artifacts go (default {@code airlock-shared}). */
        @WithDefault("airlock-shared")
        String sharedBucket();
    }

    /** A data source of the zone, prefix {@code dispatcher.data-sources.<name>}. */
    interface DataSource {
        /** {@code dispatcher.data-sources.<name>.bucket}: the bucket holding the table. */
        String bucket();

        /** {@code dispatcher.data-sources.<name>.key}: the table's object key (.csv or .csv.gz). */
        String key();
    }

    /** Local-process launcher settings, prefix {@code dispatcher.local}. */
    interface Local {
        /** {@code dispatcher.local.work-dir}: task directories (default {@code ${java.io.tmpdir}/airlock-dispatcher}). */
        Optional<Path> workDir();

        /** {@code dispatcher.local.worker-jar}: the worker's jar (default {@code worker/target/airlock-worker.jar}). */
        @WithDefault("worker/target/airlock-worker.jar")
        Path workerJar();

        /** {@code dispatcher.local.java}: the java binary (default: the dispatcher's own). */
        Optional<String> java();

        /** {@code dispatcher.local.max-heap}: worker heap, passed as {@code -Xmx} (default {@code 1g}). */
        @WithDefault("1g")
        String maxHeap();
    }

    /**
     * Kubernetes launcher settings, prefix {@code dispatcher.kubernetes}. Structured values are JSON, as the chart
     * writes them.
     */
    interface Kubernetes {
        /** {@code dispatcher.kubernetes.namespace}: where Jobs go (default: the client's namespace). */
        Optional<String> namespace();

        /**
         * {@code dispatcher.kubernetes.cancel-ledger}: the ConfigMap, in the dispatcher's namespace, that remembers
         * cancels across restarts (default {@code airlock-dispatcher-cancelled-tasks}).
         */
        @WithDefault("airlock-dispatcher-cancelled-tasks")
        String cancelLedger();

        /** {@code dispatcher.kubernetes.ttl-seconds-after-finished}: how long finished Jobs stay (default 3600). */
        @WithDefault("3600")
        int ttlSecondsAfterFinished();

        /** {@code dispatcher.kubernetes.work-dir-size-limit}: size limit of the worker's emptyDir (default {@code 10Gi}). */
        @WithDefault("10Gi")
        String workDirSizeLimit();

        /** {@code dispatcher.kubernetes.image-pull-secrets}: JSON list of {@code {"name":…}} (default {@code []}). */
        @WithDefault("[]")
        String imagePullSecrets();

        /**
         * {@code dispatcher.kubernetes.worker-labels}: JSON map of labels on every worker Job and pod (default: the chart's
         * worker labels without instance).
         */
        @WithDefault("{\"app.kubernetes.io/name\":\"airlock-worker\",\"app.kubernetes.io/component\":\"worker\",\"app.kubernetes.io/part-of\":\"airlock\"}")
        String workerLabels();

        /**
         * {@code dispatcher.kubernetes.pod-security-context}: JSON pod security context (default: non-root user 185, seccomp
         * RuntimeDefault).
         */
        @WithDefault("{\"runAsNonRoot\":true,\"runAsUser\":185,\"runAsGroup\":185,\"fsGroup\":185,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}")
        String podSecurityContext();

        /**
         * {@code dispatcher.kubernetes.container-security-context}: JSON container security context (default: read-only root,
         * no privilege escalation, all capabilities dropped).
         */
        @WithDefault("{\"allowPrivilegeEscalation\":false,\"readOnlyRootFilesystem\":true,\"runAsNonRoot\":true,\"capabilities\":{\"drop\":[\"ALL\"]}}")
        String containerSecurityContext();

        /** {@code dispatcher.kubernetes.create-rate}: Jobs created per second at most, 0 for no limit (default 20). */
        @WithDefault("20")
        double createRate();

        /** {@code dispatcher.kubernetes.create-burst}: Jobs created at once above the rate (default 30). */
        @WithDefault("30")
        int createBurst();

        /**
         * {@code dispatcher.kubernetes.relist-period}: how often all Jobs are listed again to catch missed events (default 60
         * s).
         */
        @WithDefault("60s")
        Duration relistPeriod();

        /**
         * {@code dispatcher.kubernetes.unschedulable-after}: how long a pod may stay unschedulable before the task fails
         * (default 5 min).
         */
        @WithDefault("5m")
        Duration unschedulableAfter();

        /**
         * {@code dispatcher.kubernetes.worker-classes.<class>}: worker classes by name ({@code train}, {@code generate},
         * {@code evaluate}, {@code gpu}).
         */
        Map<String, WorkerClass> workerClasses();
    }

    /** A worker class, prefix {@code dispatcher.kubernetes.worker-classes.<class>}. */
    interface WorkerClass {
        /** {@code .image}: the worker image; its entrypoint is the worker program. */
        String image();

        /** {@code .service-account}: the Jobs' service account (default: the namespace's {@code default}). */
        Optional<String> serviceAccount();

        /**
         * {@code .service-account-annotations}: JSON map the chart puts on the class's ServiceAccount (e.g. a cloud IAM
         * role); accepted here so the chart's ConfigMap maps completely, not used by the Job (default {@code {}}).
         */
        @WithDefault("{}")
        String serviceAccountAnnotations();

        /** {@code .resources}: JSON container resources (default {@code {}}). */
        @WithDefault("{}")
        String resources();

        /** {@code .node-selector}: JSON map (default {@code {}}). */
        @WithDefault("{}")
        String nodeSelector();

        /** {@code .tolerations}: JSON list (default {@code []}). */
        @WithDefault("[]")
        String tolerations();

        /** {@code .affinity}: JSON affinity (default {@code {}}). */
        @WithDefault("{}")
        String affinity();
    }
}
