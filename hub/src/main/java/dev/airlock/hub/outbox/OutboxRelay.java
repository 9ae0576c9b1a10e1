package dev.airlock.hub.outbox;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskCancel;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.crypto.MessageSigner;
import dev.airlock.common.messaging.BrokerConnection;
import dev.airlock.common.messaging.ConfirmedPublisher;
import dev.airlock.hub.config.HubConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes unsent outbox rows in order, signed at the moment they leave, with publisher confirms; marks them sent in
 * the same transaction that locked them. While the broker is away rows wait, so a task accepted by the hub is delayed,
 * never lost. A crash between confirm and commit sends a row again; the dispatcher's launch is idempotent per task.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EntityManager entityManager;
    private final ConfirmedPublisher publisher;
    private final BrokerConnection broker;
    private final MessageSigner signer;
    private final HubConfig config;
    private volatile boolean topologyDeclared;
    private volatile boolean brokerReachable = true;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean();
    /** Not a managed executor: the submitting transaction's context must not travel with the wake-up. */
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    OutboxRelay(EntityManager entityManager, ConfirmedPublisher publisher, BrokerConnection broker,
            MessageSigner signer, HubConfig config) {
        this.entityManager = entityManager;
        this.publisher = publisher;
        this.broker = broker;
        this.signer = signer;
        this.config = config;
    }

    /** The schedule is the safety net; a committed submission wakes the relay at once. */
    @Scheduled(every = "${hub.outbox.interval:0.5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        wanted.set(true);
        drain();
    }

    void onOutboxWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wanted.set(true);
        executor.execute(this::drain);
    }

    /** One relay at a time; a wake-up that arrives while it runs makes it go round once more. */
    private void drain() {
        while (wanted.get() && running.tryLock()) {
            try {
                wanted.set(false);
                while (relayBatch() == config.outbox().batchSize()) {
                    // a full batch: there may be more
                }
            } finally {
                running.unlock();
            }
        }
    }

    /** @return how many rows were sent */
    @Transactional
    int relayBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxEntity> rows = entityManager.createNativeQuery(
                "select * from outbox where sent_at is null order by id limit ?1 for update skip locked",
                OutboxEntity.class).setParameter(1, config.outbox().batchSize()).getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<ConfirmedPublisher.Message> messages = new ArrayList<>(rows.size());
        Instant issuedAt = Instant.now();
        for (OutboxEntity row : rows) {
            messages.add(new ConfirmedPublisher.Message(broker.topology().tasksExchange(),
                    broker.topology().taskRoutingKey(row.messageType),
                    Map.of(Contract.HEADER_MESSAGE_TYPE, row.messageType), signed(row, issuedAt)));
        }
        try {
            declareTopology();
            publisher.publishAll(messages);
        } catch (IOException | RuntimeException e) {
            // the client throws unchecked exceptions while its connection recovers
            if (brokerReachable) {
                LOG.warnf("outbox: %d message(s) wait for the broker: %s", rows.size(), e.getMessage());
            }
            brokerReachable = false;
            topologyDeclared = false;
            return 0;
        }
        brokerReachable = true;
        Instant now = Instant.now();
        rows.forEach(row -> row.sentAt = now);
        LOG.debugf("outbox: sent %d message(s)", rows.size());
        return rows.size();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    private byte[] signed(OutboxEntity row, Instant issuedAt) {
        byte[] payload = row.payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (TaskCancel.class.getSimpleName().equals(row.messageType)) {
            TaskCancel unsigned = MessageCodec.decode(payload, TaskCancel.class);
            return MessageCodec.encode(signer.sign(new TaskCancel(unsigned.schemaVersion(), unsigned.taskId(),
                    unsigned.requestedBy(), issuedAt, null)));
        }
        TaskRequest unsigned = MessageCodec.decode(payload, TaskRequest.class);
        return MessageCodec.encode(signer.sign(new TaskRequest(unsigned.schemaVersion(), unsigned.taskId(),
                unsigned.project(), unsigned.type(), unsigned.dataSource(), unsigned.source(), unsigned.modelTaskId(),
                unsigned.modelConfig(), unsigned.parameters(), unsigned.output(), unsigned.requestedBy(),
                unsigned.limits(), issuedAt, null)));
    }

    private void declareTopology() throws IOException {
        if (!topologyDeclared) {
            try (var channel = broker.get().createChannel()) {
                broker.topology().declareTasks(channel);
                broker.topology().declareStatus(channel);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("timed out declaring the topology", e);
            }
            topologyDeclared = true;
        }
    }

    /** @return unsent rows */
    @Transactional
    public long backlog() {
        return OutboxEntity.count("sentAt is null");
    }
}
