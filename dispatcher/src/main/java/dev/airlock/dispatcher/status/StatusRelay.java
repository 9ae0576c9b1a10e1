package dev.airlock.dispatcher.status;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.messaging.BrokerConnection;
import dev.airlock.common.messaging.ConfirmedPublisher;

/**
 * Sends events to the hub in the order they were raised, with publisher confirms; while the broker is away it keeps
 * them and retries every second, so no state is dropped by an outage.
 */
@ApplicationScoped
public class StatusRelay {

    private static final Logger LOG = Logger.getLogger(StatusRelay.class);

    private final BrokerConnection broker;
    private final ConfirmedPublisher publisher;
    private final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private Thread sender;
    private volatile boolean running = true;

    StatusRelay(BrokerConnection broker, ConfirmedPublisher publisher) {
        this.broker = broker;
        this.publisher = publisher;
    }

    private record Outgoing(TaskEvent event, Runnable afterConfirm) {
    }

    @PostConstruct
    void start() {
        sender = new Thread(this::sendLoop, "status-relay");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * @param event an event that passed the egress gate
     */
    public void send(TaskEvent event) {
        send(event, () -> {
        });
    }

    /**
     * @param event an event that passed the egress gate
     * @param afterConfirm run once the broker confirmed the event
     */
    public void send(TaskEvent event, Runnable afterConfirm) {
        queue.add(new Outgoing(event, afterConfirm));
    }

    /** @return events raised but not yet confirmed by the broker */
    public int backlog() {
        return queue.size();
    }

    private void sendLoop() {
        boolean declared = false;
        while (running) {
            Outgoing next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            while (running) {
                try {
                    if (!declared) {
                        try (var channel = broker.get().createChannel()) {
                            broker.topology().declareStatus(channel);
                        }
                        declared = true;
                    }
                    publisher.publish(new ConfirmedPublisher.Message(broker.topology().statusExchange(),
                            broker.topology().statusRoutingKey(), Map.of(Contract.HEADER_MESSAGE_TYPE, "TaskEvent"),
                            MessageCodec.encode(next.event())));
                    LOG.debugf("sent %s for task %s", next.event().state(), next.event().taskId());
                    next.afterConfirm().run();
                    break;
                } catch (Exception e) {
                    LOG.warnf("cannot send %s of task %s yet, retrying: %s", next.event().state(),
                            next.event().taskId(), e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        sender.interrupt();
    }
}
