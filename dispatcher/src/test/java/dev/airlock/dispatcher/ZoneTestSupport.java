package dev.airlock.dispatcher;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.OutputLocation;
import dev.airlock.common.contract.Requester;
import dev.airlock.common.contract.TaskCancel;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskLimits;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskType;
import dev.airlock.common.contract.TestKeys;
import dev.airlock.common.contract.ZoneHeartbeat;
import dev.airlock.common.crypto.MessageSigner;
import dev.airlock.common.messaging.RabbitSettings;
import dev.airlock.common.messaging.Topology;

/** Plays the hub's side of the broker in dispatcher tests. */
final class ZoneTestSupport {

    static final Topology TOPOLOGY = new Topology(DispatcherTestResource.PREFIX, "default", 5);
    /** Zone heartbeats seen by {@link #drainEvents()}. */
    static final List<ZoneHeartbeat> HEARTBEATS = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final MessageSigner SIGNER = new MessageSigner(TestKeys.privateKey(), TestKeys.KEY_ID);

    private ZoneTestSupport() {
    }

    static Connection connect() throws IOException, TimeoutException {
        return new RabbitSettings("127.0.0.1", 5672, "guest", "guest", "/").connectionFactory("dispatcher-test")
                .newConnection();
    }

    static TaskRequest train(String taskId, String dataSource) {
        return train(taskId, dataSource, Instant.now());
    }

    static TaskRequest train(String taskId, String dataSource, Instant issuedAt) {
        return new TaskRequest(Contract.SCHEMA_VERSION, taskId, "demo", TaskType.TRAIN, dataSource, null, null,
                JsonNodeFactory.instance.objectNode(), Map.of("seed", 1), new OutputLocation(
                        TaskPaths.prefix("demo", taskId)),
                new Requester("tester", null), new TaskLimits(3600), issuedAt, null);
    }

    static TaskCancel cancel(String taskId) {
        return SIGNER.sign(new TaskCancel(Contract.SCHEMA_VERSION, taskId, new Requester("tester", null), Instant.now(),
                null));
    }

    static void publish(byte[] body) throws Exception {
        publish(body, "TaskRequest");
    }

    static void publish(byte[] body, String type) throws Exception {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            TOPOLOGY.declareTasks(channel);
            channel.confirmSelect();
            channel.basicPublish(TOPOLOGY.tasksExchange(), TOPOLOGY.taskRoutingKey(type),
                    new AMQP.BasicProperties.Builder().deliveryMode(2)
                            .headers(Map.of(Contract.HEADER_MESSAGE_TYPE, type)).build(),
                    body);
            channel.waitForConfirmsOrDie(5000);
        }
    }

    /** Status events received so far, drained from the hub's queue. */
    static List<TaskEvent> drainEvents() throws Exception {
        List<TaskEvent> events = new ArrayList<>();
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            TOPOLOGY.declareStatus(channel);
            GetResponse response;
            while ((response = channel.basicGet(TOPOLOGY.statusQueue(), true)) != null) {
                Object type = response.getProps().getHeaders() == null ? null
                        : response.getProps().getHeaders().get(Contract.HEADER_MESSAGE_TYPE);
                if (type != null && type.toString().equals("ZoneHeartbeat")) {
                    HEARTBEATS.add(MessageCodec.decode(response.getBody(), ZoneHeartbeat.class));
                } else {
                    events.add(MessageCodec.decode(response.getBody(), TaskEvent.class));
                }
            }
        }
        return events;
    }

    /** Messages in the task queue's dead-letter queue, with their headers. */
    static List<GetResponse> drainDeadLetters() throws Exception {
        List<GetResponse> letters = new ArrayList<>();
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            GetResponse response;
            while ((response = channel.basicGet(Topology.deadLetterQueue(TOPOLOGY.tasksQueue()), true)) != null) {
                letters.add(response);
            }
        }
        return letters;
    }

    static void deleteQueues(String prefix) {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            for (String queue : List.of(TOPOLOGY.tasksQueue(), TOPOLOGY.cancelsQueue(), TOPOLOGY.statusQueue())) {
                channel.queueDelete(queue);
                channel.queueDelete(Topology.deadLetterQueue(queue));
            }
            channel.exchangeDelete(TOPOLOGY.tasksExchange());
            channel.exchangeDelete(TOPOLOGY.statusExchange());
            channel.exchangeDelete(TOPOLOGY.deadLetterExchange());
        } catch (Exception e) {
            // best effort: names are unique per run
        }
    }
}
