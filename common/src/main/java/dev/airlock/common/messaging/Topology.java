package dev.airlock.common.messaging;

import java.io.IOException;
import java.util.Map;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

/**
 * The exchanges and queues of ARCHITECTURE §3, declared the same way by hub and dispatcher (declarations are
 * idempotent). All queues are durable quorum queues; a message delivered {@code deliveryLimit} times without an ack,
 * or rejected with a reason, ends in the queue's dead-letter queue.
 *
 * @param prefix the name prefix, {@code airlock} in production; tests use their own to stay apart
 * @param zone the secure zone's name
 * @param deliveryLimit how many deliveries a message gets before it is dead-lettered
 */
public record Topology(String prefix, String zone, int deliveryLimit) {

    /** @return the exchange tasks are published to, routed by zone */
    public String tasksExchange() {
        return prefix + ".tasks";
    }

    /** @return the zone's task queue */
    public String tasksQueue() {
        return tasksExchange() + "." + zone;
    }

    /**
     * @return the zone's cancel queue: cancels travel apart from tasks so that they reach the dispatcher at once, even
     *         while tasks wait in the task queue for a free worker slot
     */
    public String cancelsQueue() {
        return tasksQueue() + ".cancel";
    }

    /** @return the routing key of the zone's cancels on the tasks exchange */
    public String cancelRoutingKey() {
        return zone + ".cancel";
    }

    /**
     * @param messageType the message's type header
     * @return its routing key on the tasks exchange
     */
    public String taskRoutingKey(String messageType) {
        return "TaskCancel".equals(messageType) ? cancelRoutingKey() : zone;
    }

    /** @return the exchange status events are published to */
    public String statusExchange() {
        return prefix + ".status";
    }

    /** @return the hub's status queue */
    public String statusQueue() {
        return statusExchange() + ".hub";
    }

    /** @return the routing key of status events */
    public String statusRoutingKey() {
        return "hub";
    }

    /** @return the dead-letter exchange */
    public String deadLetterExchange() {
        return prefix + ".dlx";
    }

    /**
     * @param queue a queue of this topology
     * @return its dead-letter queue, also the routing key on the dead-letter exchange
     */
    public static String deadLetterQueue(String queue) {
        return queue + ".dlq";
    }

    /**
     * Declares the task side: exchange, the zone's task and cancel queues and their dead-letter queues.
     *
     * @param channel an open channel
     * @throws IOException when the broker refuses
     */
    public void declareTasks(Channel channel) throws IOException {
        channel.exchangeDeclare(tasksExchange(), BuiltinExchangeType.DIRECT, true);
        declareQueue(channel, tasksQueue());
        channel.queueBind(tasksQueue(), tasksExchange(), zone);
        declareQueue(channel, cancelsQueue());
        channel.queueBind(cancelsQueue(), tasksExchange(), cancelRoutingKey());
    }

    /**
     * Declares the status side: exchange, the hub's queue and its dead-letter queue.
     *
     * @param channel an open channel
     * @throws IOException when the broker refuses
     */
    public void declareStatus(Channel channel) throws IOException {
        channel.exchangeDeclare(statusExchange(), BuiltinExchangeType.DIRECT, true);
        declareQueue(channel, statusQueue());
        channel.queueBind(statusQueue(), statusExchange(), statusRoutingKey());
    }

    private void declareQueue(Channel channel, String queue) throws IOException {
        channel.exchangeDeclare(deadLetterExchange(), BuiltinExchangeType.DIRECT, true);
        String deadLetters = deadLetterQueue(queue);
        channel.queueDeclare(deadLetters, true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueBind(deadLetters, deadLetterExchange(), deadLetters);
        channel.queueDeclare(queue, true, false, false, Map.of(
                "x-queue-type", "quorum",
                "x-delivery-limit", deliveryLimit,
                "x-dead-letter-exchange", deadLetterExchange(),
                "x-dead-letter-routing-key", deadLetters));
    }
}
