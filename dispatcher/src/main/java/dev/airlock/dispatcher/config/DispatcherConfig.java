package dev.airlock.dispatcher.config;

import java.nio.file.Path;
import java.time.Duration;
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

    /** The local-process launcher. */
    Local local();

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

        /** {@code dispatcher.signing.max-age}: oldest task message accepted (default 1 h). */
        @WithDefault("1h")
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
}
