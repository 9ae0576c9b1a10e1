package dev.airlock.hub.status;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.ContractException;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.ZoneHeartbeat;
import dev.airlock.common.messaging.BrokerConnection;
import dev.airlock.hub.metrics.HubMetrics;
import dev.airlock.hub.metrics.HubMetrics.StatusOutcome;
import dev.airlock.hub.task.TaskService;
import dev.airlock.hub.zone.ZoneService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumes the zone's status events with manual acks and applies each in its own transaction; the ack follows the
 * commit. A body that does not fit the contract is rejected to the dead-letter queue; a failure to apply is requeued
 * until the queue's delivery limit moves it aside.
 */
@ApplicationScoped
public class StatusIntake {

    private static final Logger LOG = Logger.getLogger(StatusIntake.class);

    private final BrokerConnection broker;
    private final TaskService tasks;
    private final ZoneService zones;
    private final HubMetrics metrics;
    private volatile boolean stopped;
    private volatile Channel channel;

    StatusIntake(BrokerConnection broker, TaskService tasks, ZoneService zones, HubMetrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
        this.tasks = tasks;
        this.zones = zones;
    }

    void onStart(@Observes StartupEvent event) {
        Thread connector = new Thread(this::connectUntilConsuming, "status-intake-connect");
        connector.setDaemon(true);
        connector.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /** @return whether the intake consumes */
    public boolean isReady() {
        Channel current = channel;
        return current != null && current.isOpen();
    }

    private void connectUntilConsuming() {
        boolean warned = false;
        while (!stopped) {
            try {
                Channel open = broker.get().createChannel();
                broker.topology().declareStatus(open);
                open.basicQos(50);
                open.basicConsume(broker.topology().statusQueue(), false, "airlock-hub-status",
                        new DefaultConsumer(open) {
                            @Override
                            public void handleDelivery(String consumerTag, Envelope envelope,
                                    AMQP.BasicProperties properties, byte[] body) throws IOException {
                                onDelivery(open, envelope, properties, body);
                            }
                        });
                channel = open;
                LOG.infof("consuming %s", broker.topology().statusQueue());
                return;
            } catch (IOException | RuntimeException e) {
                if (!warned) {
                    LOG.warnf("cannot reach the broker yet, retrying: %s", e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void onDelivery(Channel open, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        Object type = properties.getHeaders() == null ? null : properties.getHeaders().get(Contract.HEADER_MESSAGE_TYPE);
        if (type != null && "ZoneHeartbeat".equals(type.toString())) {
            onHeartbeat(open, envelope, body);
            return;
        }
        TaskEvent event;
        try {
            event = MessageCodec.decode(body, TaskEvent.class);
        } catch (ContractException e) {
            LOG.warnf("status event rejected to the dead-letter queue: %s", e.getMessage());
            open.basicReject(envelope.getDeliveryTag(), false);
            metrics.statusEvent(StatusOutcome.REJECTED);
            return;
        }
        try {
            boolean changed = tasks.apply(event);
            LOG.debugf("task %s: %s %s", event.taskId(), event.state(), changed ? "applied" : "ignored");
            open.basicAck(envelope.getDeliveryTag(), false);
            metrics.statusEvent(changed ? StatusOutcome.APPLIED : StatusOutcome.IGNORED);
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot apply %s of task %s; requeued", event.state(), event.taskId());
            open.basicNack(envelope.getDeliveryTag(), false, true);
        }
    }

    private void onHeartbeat(Channel open, Envelope envelope, byte[] body) throws IOException {
        ZoneHeartbeat heartbeat;
        try {
            heartbeat = MessageCodec.decode(body, ZoneHeartbeat.class);
        } catch (ContractException e) {
            LOG.warnf("zone heartbeat rejected to the dead-letter queue: %s", e.getMessage());
            open.basicReject(envelope.getDeliveryTag(), false);
            return;
        }
        try {
            zones.apply(heartbeat);
            open.basicAck(envelope.getDeliveryTag(), false);
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot record the heartbeat of zone %s; requeued", heartbeat.zone());
            open.basicNack(envelope.getDeliveryTag(), false, true);
        }
    }
}
