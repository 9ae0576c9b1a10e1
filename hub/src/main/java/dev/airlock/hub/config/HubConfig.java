package dev.airlock.hub.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The hub's settings, prefix {@code hub}. */
@ConfigMapping(prefix = "hub")
public interface HubConfig {

    /** {@code hub.zone}: the secure zone tasks are routed to (default {@code default}). */
    @WithDefault("default")
    String zone();

    /** RabbitMQ. */
    Messaging messaging();

    /** Task signing. */
    Signing signing();

    /** Limits on what users may submit. */
    Limits limits();

    /** The outbox relay. */
    Outbox outbox();

    /** Metrics. */
    Metrics metrics();

    /** Sign-in and roles. */
    Auth auth();

    /** The shared object store, where reports and synthetic tables are read from. */
    Store store();

    /** Shared object store settings, prefix {@code hub.store}; without an endpoint reports and downloads are off. */
    interface Store {
        /** {@code hub.store.endpoint}: S3 endpoint URL, from {@code AIRLOCK_S3_ENDPOINT} (default: none). */
        java.util.Optional<String> endpoint();

        /** {@code hub.store.access-key}, from {@code AIRLOCK_S3_ACCESS_KEY}. */
        java.util.Optional<String> accessKey();

        /** {@code hub.store.secret-key}, from {@code AIRLOCK_S3_SECRET_KEY}. */
        java.util.Optional<String> secretKey();

        /** {@code hub.store.region} (default {@code us-east-1}). */
        @WithDefault("us-east-1")
        String region();

        /** {@code hub.store.shared-bucket}: where tasks write their artifacts (default {@code airlock-shared}). */
        @WithDefault("airlock-shared")
        String sharedBucket();
    }

    /** RabbitMQ settings, prefix {@code hub.messaging}. */
    interface Messaging {
        /** {@code hub.messaging.host} (default {@code 127.0.0.1}). */
        @WithDefault("127.0.0.1")
        String host();

        /** {@code hub.messaging.port} (default 5672). */
        @WithDefault("5672")
        int port();

        /** {@code hub.messaging.username} (default {@code guest}). */
        @WithDefault("guest")
        String username();

        /** {@code hub.messaging.password}, from {@code AIRLOCK_RABBITMQ_PASSWORD} (default {@code guest}). */
        String password();

        /** {@code hub.messaging.virtual-host} (default {@code /}). */
        @WithDefault("/")
        String virtualHost();

        /** {@code hub.messaging.prefix}: exchange and queue name prefix (default {@code airlock}). */
        @WithDefault("airlock")
        String prefix();

        /** {@code hub.messaging.delivery-limit}: deliveries before a message is dead-lettered (default 5). */
        @WithDefault("5")
        int deliveryLimit();
    }

    /** Signing settings, prefix {@code hub.signing}. */
    interface Signing {
        /** {@code hub.signing.private-key}: Ed25519 PKCS#8 base64, from {@code AIRLOCK_TASK_SIGNING_KEY}. */
        String privateKey();

        /** {@code hub.signing.key-id}: the id dispatchers trust the matching public key under (default {@code hub-1}). */
        @WithDefault("hub-1")
        String keyId();
    }

    /** Limits, prefix {@code hub.limits}. */
    interface Limits {
        /** {@code hub.limits.max-created-per-project}: tasks waiting in {@code created} per project (default 10). */
        @WithDefault("10")
        int maxCreatedPerProject();

        /** {@code hub.limits.max-duration}: how long a worker may be active (default 1 h). */
        @WithDefault("1h")
        Duration maxDuration();
    }

    /** Outbox relay, prefix {@code hub.outbox}. */
    interface Outbox {
        /** {@code hub.outbox.interval}: how often the relay looks for unsent rows (default 0.5 s). */
        @WithDefault("0.5s")
        String interval();

        /** {@code hub.outbox.batch-size}: rows published per confirm round (default 100). */
        @WithDefault("100")
        int batchSize();
    }

    /** Metrics, prefix {@code hub.metrics}. */
    interface Metrics {
        /**
         * {@code hub.metrics.refresh-every}: how often tasks by state and the outbox backlog are counted in the database
         * (default 15 s); scrapes read the last count.
         */
        @WithDefault("15s")
        String refreshEvery();
    }

    /** Sign-in and roles, prefix {@code hub.auth}; the OIDC provider itself is {@code quarkus.oidc.*}. */
    interface Auth {
        /** {@code hub.auth.admin-role}: the realm role of platform administrators (default {@code airlock-admin}). */
        @WithDefault("airlock-admin")
        String adminRole();

        /**
         * {@code hub.auth.user-directory}: where new members' usernames are checked: {@code keycloak} (the realm's
         * admin API, as the hub client's service account with {@code view-users}) or {@code none} (default).
         */
        @WithDefault("none")
        UserDirectoryKind userDirectory();
    }

    /** Where usernames are checked. */
    enum UserDirectoryKind {
        /** Accept any username. */
        NONE,
        /** Keycloak's admin API. */
        KEYCLOAK
    }
}
