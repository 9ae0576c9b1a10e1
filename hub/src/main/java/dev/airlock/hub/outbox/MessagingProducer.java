package dev.airlock.hub.outbox;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.crypto.MessageSigner;
import dev.airlock.common.messaging.BrokerConnection;
import dev.airlock.common.messaging.ConfirmedPublisher;
import dev.airlock.common.messaging.RabbitSettings;
import dev.airlock.common.messaging.Topology;
import dev.airlock.hub.config.HubConfig;

/** Builds the messaging and signing objects of {@code common} from the hub's configuration. */
public class MessagingProducer {

    @Produces
    @Singleton
    BrokerConnection brokerConnection(HubConfig config) {
        HubConfig.Messaging messaging = config.messaging();
        return new BrokerConnection(
                new RabbitSettings(messaging.host(), messaging.port(), messaging.username(), messaging.password(),
                        messaging.virtualHost()),
                new Topology(messaging.prefix(), config.zone(), messaging.deliveryLimit()), "airlock-hub");
    }

    void close(@Disposes BrokerConnection connection) {
        connection.close();
    }

    @Produces
    @Singleton
    ConfirmedPublisher confirmedPublisher(BrokerConnection connection) {
        return new ConfirmedPublisher(connection);
    }

    @Produces
    @Singleton
    MessageSigner messageSigner(HubConfig config) {
        return new MessageSigner(Ed25519Keys.decodePrivate(config.signing().privateKey(), "AIRLOCK_TASK_SIGNING_KEY"),
                config.signing().keyId());
    }
}
