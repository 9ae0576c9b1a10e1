package dev.airlock.hub;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.messaging.RabbitSettings;
import dev.airlock.common.messaging.Topology;

/** Plays the zone's side of the broker in hub tests: reads task messages, publishes status events. */
public final class BrokerTestSupport {

    private BrokerTestSupport() {
    }

    static Connection connect() throws IOException, TimeoutException {
        return new RabbitSettings("127.0.0.1", 5672, "guest", "guest", "/").connectionFactory("hub-test")
                .newConnection();
    }

    /** Takes every message waiting in the zone's task and cancel queues. */
    static List<byte[]> drainTasks(Topology topology) throws Exception {
        return drain(topology.tasksQueue(), topology.cancelsQueue());
    }

    /** Takes every message waiting in the queues. */
    static List<byte[]> drain(String... queues) throws Exception {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            List<byte[]> bodies = new ArrayList<>();
            for (String queue : queues) {
                GetResponse response;
                while ((response = channel.basicGet(queue, true)) != null) {
                    bodies.add(response.getBody());
                }
            }
            return bodies;
        }
    }

    /** Publishes events as the dispatcher would. */
    static void publish(Topology topology, TaskEvent... events) throws Exception {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (TaskEvent event : events) {
                channel.basicPublish(topology.statusExchange(), topology.statusRoutingKey(),
                        new com.rabbitmq.client.AMQP.BasicProperties.Builder().deliveryMode(2)
                                .headers(Map.of(Contract.HEADER_MESSAGE_TYPE, "TaskEvent")).build(),
                        MessageCodec.encode(event));
            }
            channel.waitForConfirmsOrDie(5000);
        }
    }

    static void deleteQueues(String prefix, String zone) {
        Topology topology = new Topology(prefix, zone, 5);
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            for (String queue : List.of(topology.tasksQueue(), topology.cancelsQueue(), topology.statusQueue())) {
                channel.queueDelete(queue);
                channel.queueDelete(Topology.deadLetterQueue(queue));
            }
            channel.exchangeDelete(topology.tasksExchange());
            channel.exchangeDelete(topology.statusExchange());
            channel.exchangeDelete(topology.deadLetterExchange());
        } catch (Exception e) {
            // best effort: names are unique per run
        }
    }
}
