package dev.airlock.common.messaging;

import com.rabbitmq.client.ConnectionFactory;

/**
 * How to reach RabbitMQ.
 *
 * @param host the host
 * @param port the AMQP port
 * @param username the user
 * @param password the password
 * @param virtualHost the virtual host
 */
public record RabbitSettings(String host, int port, String username, String password, String virtualHost) {

    /**
     * @param connectionName the name shown in the management UI
     * @return a factory with automatic connection and topology recovery every second
     */
    public ConnectionFactory connectionFactory(String connectionName) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        factory.setRequestedHeartbeat(10);
        factory.setConnectionTimeout(5000);
        factory.getClientProperties().put("connection_name", connectionName);
        return factory;
    }

    @Override
    public String toString() {
        return "RabbitSettings[" + username + "@" + host + ":" + port + virtualHost + "]";
    }
}
