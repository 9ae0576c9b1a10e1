package dev.airlock.common.messaging;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

/**
 * Publishes persistent, mandatory messages on a channel of its own and waits for the broker's confirms; a batch is
 * confirmed as a whole. A message is only sent once {@link #publish} returns.
 */
public final class ConfirmedPublisher {

    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    private final BrokerConnection broker;
    private Channel channel;

    /**
     * @param broker the connection to publish on
     */
    public ConfirmedPublisher(BrokerConnection broker) {
        this.broker = broker;
    }

    /**
     * One message to publish.
     *
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param headers headers to set
     * @param body the body
     */
    public record Message(String exchange, String routingKey, Map<String, Object> headers, byte[] body) {
    }

    /**
     * @param message the message
     * @throws IOException when the broker is unreachable or does not confirm in time
     */
    public void publish(Message message) throws IOException {
        publishAll(List.of(message));
    }

    /**
     * Publishes all messages, then waits once for all their confirms.
     *
     * @param messages the messages
     * @throws IOException when the broker is unreachable or does not confirm them all in time; some may have been
     *         delivered, so receivers must be idempotent
     */
    public synchronized void publishAll(List<Message> messages) throws IOException {
        try {
            Channel open = channel();
            for (Message message : messages) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(2)
                        .headers(message.headers())
                        .build();
                open.basicPublish(message.exchange(), message.routingKey(), false, properties, message.body());
            }
            open.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for confirms", e);
        } catch (TimeoutException | RuntimeException e) {
            dropChannel();
            throw new IOException("the broker did not confirm " + messages.size() + " message(s)", e);
        } catch (IOException e) {
            dropChannel();
            throw e;
        }
    }

    private Channel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = broker.get().createChannel();
            channel.confirmSelect();
        }
        return channel;
    }

    private void dropChannel() {
        try {
            if (channel != null && channel.isOpen()) {
                channel.abort();
            }
        } catch (IOException e) {
            // the channel is dropped either way
        }
        channel = null;
    }
}
