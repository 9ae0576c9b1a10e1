package dev.airlock.dispatcher.intake;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.airlock.common.messaging.BrokerConnection;
import dev.airlock.common.messaging.ConfirmedPublisher;
import dev.airlock.common.messaging.RabbitSettings;
import dev.airlock.common.messaging.Topology;
import dev.airlock.dispatcher.config.DispatcherConfig;

/** Builds the messaging objects of {@code common} from the dispatcher's configuration. */
public class MessagingProducer {

    @Produces
    @Singleton
    BrokerConnection brokerConnection(DispatcherConfig config) {
        DispatcherConfig.Messaging messaging = config.messaging();
        return new BrokerConnection(
                new RabbitSettings(messaging.host(), messaging.port(), messaging.username(), messaging.password(),
                        messaging.virtualHost()),
                new Topology(messaging.prefix(), config.zone(), messaging.deliveryLimit()),
                "airlock-dispatcher-" + config.zone());
    }

    void close(@Disposes BrokerConnection connection) {
        connection.close();
    }

    @Produces
    @Singleton
    ConfirmedPublisher confirmedPublisher(BrokerConnection connection) {
        return new ConfirmedPublisher(connection);
    }
}
