package dev.airlock.common.messaging;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Connection;

/**
 * One RabbitMQ connection, opened on first use (so a service starts while the broker is away) and recovered by the
 * client after an outage.
 */
public final class BrokerConnection implements AutoCloseable {

    private final RabbitSettings settings;
    private final Topology topology;
    private final String connectionName;
    private Connection connection;

    /**
     * @param settings how to reach the broker
     * @param topology the names this service uses
     * @param connectionName the name shown in the management UI
     */
    public BrokerConnection(RabbitSettings settings, Topology topology, String connectionName) {
        this.settings = settings;
        this.topology = topology;
        this.connectionName = connectionName;
    }

    /** @return the topology */
    public Topology topology() {
        return topology;
    }

    /**
     * @return the open connection
     * @throws IOException when the broker cannot be reached
     */
    public synchronized Connection get() throws IOException {
        if (connection == null) {
            try {
                connection = settings.connectionFactory(connectionName).newConnection();
            } catch (TimeoutException e) {
                throw new IOException("timed out connecting to " + settings, e);
            }
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close(2000);
            } catch (IOException | RuntimeException e) {
                connection.abort(1000);
            }
            connection = null;
        }
    }
}
