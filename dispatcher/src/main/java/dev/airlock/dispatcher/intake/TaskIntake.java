package dev.airlock.dispatcher.intake;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.ContractException;
import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.TaskCancel;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.TaskType;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.crypto.MessageVerifier;
import dev.airlock.common.crypto.SignatureException;
import dev.airlock.common.crypto.StaleMessageException;
import dev.airlock.common.crypto.ZoneKeys;
import dev.airlock.common.messaging.BrokerConnection;
import dev.airlock.common.messaging.ConfirmedPublisher;
import dev.airlock.common.messaging.Topology;
import dev.airlock.dispatcher.cancel.CancelLedger;
import dev.airlock.dispatcher.config.DispatcherConfig;
import dev.airlock.dispatcher.launch.UnknownWorkerClassException;
import dev.airlock.dispatcher.launch.WorkerLauncher;
import dev.airlock.dispatcher.launch.WorkerObserver;
import dev.airlock.dispatcher.license.LicenseGate;
import dev.airlock.dispatcher.metrics.DispatcherMetrics;
import dev.airlock.dispatcher.metrics.DispatcherMetrics.IntakeOutcome;
import dev.airlock.dispatcher.status.EgressGate;
import dev.airlock.dispatcher.status.StatusRelay;
import dev.airlock.dispatcher.zone.SourceEnvironment;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes tasks from the zone's queue: verifies each, dead-letters what fails with the reason in a header, launches a
 * worker for the rest and acks only once the worker exists. Up to {@code launch-concurrency} deliveries are handled at
 * once, never more than there are free worker slots: at {@code max-running-workers} it stops consuming, so further
 * tasks wait in the queue in order.
 */
@ApplicationScoped
public class TaskIntake implements WorkerObserver {

    private static final Logger LOG = Logger.getLogger(TaskIntake.class);
    private static final String CONSUMER_TAG = "airlock-dispatcher";

    private final DispatcherConfig config;
    private final BrokerConnection broker;
    private final ConfirmedPublisher deadLetters;
    private final EgressGate gate;
    private final StatusRelay relay;
    private final MessageVerifier verifier;
    private final WorkerLauncher launcher;
    private final LicenseGate license;
    private final ZoneKeys zoneKeys;
    private final WorkerHeartbeats heartbeats;
    private final CancelLedger ledger;
    private final DispatcherMetrics metrics;
    private final int maxRunningWorkers;
    /** Tasks this dispatcher stopped as lost; cancelled ones are in the ledger. */
    private final java.util.Set<String> lost = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastProgressAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final int launchConcurrency;
    private final ExecutorService handlers;
    private Channel channel;
    private Channel cancelChannel;
    private volatile boolean stopped;
    // guarded by this: the consumer now taking tasks (null while paused), its prefetch, its deliveries not yet
    // settled, and the deliveries of every consumer not yet settled
    private String consumerTag;
    private int consumerPrefetch;
    private int consumerUnsettled;
    private int unsettled;

    TaskIntake(DispatcherConfig config, BrokerConnection broker, ConfirmedPublisher deadLetters, EgressGate gate,
            StatusRelay relay, WorkerLauncher launcher, LicenseGate license, ZoneKeys zoneKeys,
            WorkerHeartbeats heartbeats, CancelLedger ledger, DispatcherMetrics metrics) {
        this.heartbeats = heartbeats;
        this.metrics = metrics;
        this.ledger = ledger;
        this.config = config;
        this.broker = broker;
        this.deadLetters = deadLetters;
        this.gate = gate;
        this.relay = relay;
        this.verifier = new MessageVerifier(
                Map.of(config.signing().keyId(),
                        Ed25519Keys.decodePublic(config.signing().verifyKey(), "AIRLOCK_TASK_VERIFY_KEY")),
                config.signing().maxAge(), Clock.systemUTC());
        this.launcher = launcher;
        this.license = license;
        this.zoneKeys = zoneKeys;
        this.maxRunningWorkers = license.maxRunningWorkers(config.maxRunningWorkers());
        this.launchConcurrency = Math.max(1, config.launchConcurrency());
        AtomicInteger threads = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(launchConcurrency, runnable -> {
            Thread thread = new Thread(runnable, "task-intake-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void onStart(@jakarta.enterprise.event.Observes StartupEvent event) {
        int reattached = launcher.recover(this);
        LOG.infof("zone %s: %d worker(s) re-attached, launcher %s, at most %d at once", config.zone(), reattached,
                config.launcher().name().toLowerCase(java.util.Locale.ROOT), maxRunningWorkers);
        Thread connector = new Thread(this::connectUntilConsuming, "task-intake-connect");
        connector.setDaemon(true);
        connector.start();
    }

    private void connectUntilConsuming() {
        while (!stopped) {
            try {
                synchronized (this) {
                    channel = broker.get().createChannel();
                    broker.topology().declareTasks(channel);
                    broker.topology().declareStatus(channel);
                    consumeCancels();
                    resumeIfCapacity();
                }
                LOG.infof("consuming %s", broker.topology().tasksQueue());
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("cannot reach the broker yet, retrying: %s", e.getMessage());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** @return whether the intake consumes or deliberately paused at capacity */
    public synchronized boolean isReady() {
        return channel != null && channel.isOpen();
    }

    /**
     * Starts a consumer when slots are free. Its prefetch is at most the free slots (running workers and tasks being
     * launched count as taken), so the broker cannot hand over more tasks than may run.
     */
    private synchronized void resumeIfCapacity() throws IOException {
        if (consumerTag != null || stopped || channel == null || !channel.isOpen()) {
            return;
        }
        int free = maxRunningWorkers - launcher.running() - unsettled;
        if (free < 1) {
            return;
        }
        consumerPrefetch = Math.min(launchConcurrency, free);
        consumerUnsettled = 0;
        channel.basicQos(consumerPrefetch);
        consumerTag = channel.basicConsume(broker.topology().tasksQueue(), false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                received(tag);
                handlers.execute(() -> handle(tag, envelope, properties, body));
            }
        });
    }

    /** Cancels have their own queue, always consumed: one reaches a task waiting behind others at once. */
    private void consumeCancels() throws IOException {
        cancelChannel = broker.get().createChannel();
        cancelChannel.basicQos(16);
        String queue = broker.topology().cancelsQueue();
        cancelChannel.basicConsume(queue, false, new DefaultConsumer(cancelChannel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                boolean handled;
                try {
                    handled = handle(queue, properties, body);
                } catch (IOException | RuntimeException e) {
                    LOG.errorf(e, "cannot handle a cancel; it goes back to the queue");
                    handled = false;
                }
                if (handled) {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                } else {
                    getChannel().basicNack(envelope.getDeliveryTag(), false, true);
                }
            }
        });
    }

    private synchronized void received(String tag) {
        unsettled++;
        if (tag.equals(consumerTag)) {
            consumerUnsettled++;
        }
    }

    /**
     * Acks (or requeues) a handled delivery. Before an ack lets the broker send one more task, this checks that the
     * running workers, the deliveries still being handled and what the consumer may still receive fit the limit; if
     * not, the consumer is cancelled first and tasks wait in the queue until a slot frees.
     */
    private synchronized void settle(String tag, Envelope envelope, boolean requeue) throws IOException {
        unsettled--;
        if (tag.equals(consumerTag)) {
            consumerUnsettled--;
            int mayStillArrive = consumerPrefetch - consumerUnsettled;
            if (launcher.running() + unsettled + mayStillArrive > maxRunningWorkers) {
                // cancelled before the ack; resumeIfCapacity below starts a consumer with the smaller prefetch that
                // still fits, if any slot is left
                channel.basicCancel(consumerTag);
                consumerTag = null;
            }
        }
        if (requeue) {
            channel.basicNack(envelope.getDeliveryTag(), false, true);
        } else {
            channel.basicAck(envelope.getDeliveryTag(), false);
        }
        resumeIfCapacity();
        if (consumerTag == null && launcher.running() >= maxRunningWorkers) {
            LOG.infof("%d workers run, the most allowed: tasks wait in the queue", launcher.running());
        }
    }

    private void handle(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        boolean requeue = false;
        try {
            requeue = !handle(broker.topology().tasksQueue(), properties, body);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "cannot handle a delivery; it goes back to the queue");
            requeue = true;
        }
        try {
            settle(tag, envelope, requeue);
        } catch (IOException | RuntimeException e) {
            // the channel is gone: the broker requeues what was not acked, and the connector takes up again
            LOG.warnf("cannot settle a delivery: %s", e.getMessage());
        }
    }

    /**
     * @param queue where the message came from (its dead-letter queue takes it if it is refused)
     * @return false when the message must go back to the queue
     */
    private boolean handle(String queue, AMQP.BasicProperties properties, byte[] body) throws IOException {
        Object typeHeader = properties.getHeaders() == null ? null
                : properties.getHeaders().get(Contract.HEADER_MESSAGE_TYPE);
        String type = typeHeader == null ? "TaskRequest" : typeHeader.toString();
        Object message;
        try {
            if (!type.equals("TaskRequest") && !type.equals("TaskCancel")) {
                throw new ContractException("message type " + type + " is not supported by this dispatcher");
            }
            ObjectNode tree = MessageCodec.readTree(body, type);
            verifier.verify(tree, type);
            message = type.equals("TaskRequest") ? MessageCodec.decode(body, TaskRequest.class)
                    : MessageCodec.decode(body, TaskCancel.class);
        } catch (StaleMessageException e) {
            deadLetter(queue, properties, body, e.getMessage());
            metrics.notLaunched(type.equals("TaskRequest") ? IntakeOutcome.EXPIRED : IntakeOutcome.DEAD_LETTER);
            if (type.equals("TaskRequest")) {
                // genuine but too old to run: the hub hears so instead of waiting for it forever
                String taskId = MessageCodec.readTree(body, type).path("taskId").asText();
                relay.send(gate.error(taskId, ErrorCode.EXPIRED, "the task waited in the queue longer than zone "
                        + config.zone() + " accepts (" + config.signing().maxAge() + "); submit it again"));
            }
            return true;
        } catch (ContractException | SignatureException e) {
            deadLetter(queue, properties, body, e.getMessage());
            metrics.notLaunched(IntakeOutcome.DEAD_LETTER);
            return true;
        }
        String taskId = message instanceof TaskRequest task ? task.taskId() : ((TaskCancel) message).taskId();
        MDC.put("taskId", taskId);
        try {
            return act(type, taskId, message);
        } finally {
            MDC.remove("taskId");
        }
    }

    /**
     * Admits a task or applies a cancel. A failure (the API server or the cancel ledger unreachable, a foreign Job in
     * the way) is retried here with backoff for {@code launch-retry-window} instead of requeueing at once: a requeue
     * comes straight back and each one counts towards the queue's delivery limit, so a short outage would push tasks
     * into the dead-letter queue where nobody hears of them. A task that still cannot start then ends in
     * {@code error/LAUNCH_FAILED}; a cancel goes back to its queue.
     *
     * @return false when the message must go back to the queue
     */
    private boolean act(String type, String taskId, Object message) {
        Instant giveUpAt = Instant.now().plus(config.launchRetryWindow());
        long backoffMillis = 1000;
        while (true) {
            try {
                if (message instanceof TaskRequest task) {
                    admit(task);
                } else {
                    cancel(taskId);
                }
                return true;
            } catch (RuntimeException e) {
                if (stopped) {
                    LOG.warnf("stopping: the %s of task %s goes back to the queue (%s)", type, taskId, e.getMessage());
                    return false;
                }
                if (Instant.now().plusMillis(backoffMillis).isAfter(giveUpAt)) {
                    if (message instanceof TaskRequest) {
                        giveUp(taskId, e);
                        return true;
                    }
                    LOG.errorf(e, "cannot handle the cancel of task %s; it goes back to the queue", taskId);
                    return false;
                }
                LOG.warnf("cannot handle the %s of task %s yet, trying again in %d ms: %s", type, taskId,
                        backoffMillis, e.getMessage());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoffMillis = Math.min(backoffMillis * 2, 30_000);
            }
        }
    }

    /**
     * No worker could be started in the retry window: the hub hears why. Nothing of the task is left (a launch that
     * fails takes back what it created); an object of another owner that holds the Job's name is left alone.
     */
    private void giveUp(String taskId, RuntimeException failure) {
        LOG.errorf(failure, "task %s: no worker could be started within %s; it ends in error", taskId,
                config.launchRetryWindow());
        heartbeats.forget(taskId);
        String reason = String.valueOf(failure.getMessage());
        relay.send(gate.error(taskId, ErrorCode.LAUNCH_FAILED, "no worker could be started within "
                + config.launchRetryWindow() + ": " + (reason.length() > 300 ? reason.substring(0, 300) + "…" : reason)));
        metrics.notLaunched(IntakeOutcome.LAUNCH_FAILED);
    }

    /**
     * Stops the task's worker if it runs and reports {@code cancelled}; a task cancelled before it arrives never
     * starts (the ledger keeps the cancel across restarts; it is written before the cancel is acked).
     */
    private void cancel(String taskId) {
        ledger.add(taskId, java.time.Instant.now());
        boolean wasRunning = launcher.cancel(taskId);
        if (wasRunning) {
            metrics.finished(taskId, TaskState.CANCELLED, null);
        }
        heartbeats.forget(taskId);
        LOG.infof("task %s cancelled%s", taskId, wasRunning ? ", its worker stopped" : " before it started");
        lastProgressAt.remove(taskId);
        relay.send(gate.state(taskId, TaskState.CANCELLED));
        freeSlot();
    }

    /** @return whether this dispatcher cancelled the task or stopped it as lost: it must not run (again) */
    private boolean stoppedHere(String taskId) {
        return ledger.contains(taskId) || lost.contains(taskId);
    }

    private void admit(TaskRequest task) {
        if (stoppedHere(task.taskId())) {
            LOG.infof("task %s was cancelled before it started; it does not start", task.taskId());
            metrics.notLaunched(IntakeOutcome.CANCELLED);
            return;
        }
        Optional<String> refusal = license.refusal(task);
        if (refusal.isPresent()) {
            LOG.infof("task %s refused by the license: %s", task.taskId(), refusal.get());
            relay.send(gate.error(task.taskId(), ErrorCode.LICENSE, refusal.get()));
            metrics.notLaunched(IntakeOutcome.LICENSE);
            return;
        }
        Map<String, String> environment = new HashMap<>();
        environment.put(WorkerEnvironment.S3_ENDPOINT, config.store().endpoint());
        environment.put(WorkerEnvironment.S3_ACCESS_KEY, config.store().accessKey());
        environment.put(WorkerEnvironment.S3_SECRET_KEY, config.store().secretKey());
        environment.put(WorkerEnvironment.S3_REGION, config.store().region());
        environment.put(WorkerEnvironment.SHARED_BUCKET, config.store().sharedBucket());
        environment.put(WorkerEnvironment.HEARTBEAT_URL, heartbeats.url(task.taskId()));
        environment.put(WorkerEnvironment.HEARTBEAT_TOKEN, heartbeats.token(task.taskId()));
        environment.put(WorkerEnvironment.HEARTBEAT_INTERVAL, Long.toString(heartbeats.intervalSeconds()));
        if ((task.type() == TaskType.TRAIN || task.type() == TaskType.EVALUATE) && task.source() != null) {
            Optional<String> problem = SourceEnvironment.put(task, zoneKeys,
                    config.allowedSourceHosts().orElse(List.of()), null, environment);
            if (problem.isPresent()) {
                LOG.infof("task %s cannot use its data source: %s", task.taskId(), problem.get());
                relay.send(gate.error(task.taskId(), ErrorCode.SOURCE_UNAVAILABLE, problem.get()));
                metrics.notLaunched(IntakeOutcome.SOURCE_UNAVAILABLE);
                return;
            }
        } else if (task.type() == TaskType.TRAIN || task.type() == TaskType.EVALUATE) {
            DispatcherConfig.DataSource source = config.dataSources().get(task.dataSource());
            if (source == null) {
                LOG.infof("task %s names unknown data source %s", task.taskId(), task.dataSource());
                relay.send(gate.error(task.taskId(), ErrorCode.UNKNOWN_REFERENCE,
                        "data source '" + task.dataSource() + "' is not configured in zone " + config.zone()));
                metrics.notLaunched(IntakeOutcome.UNKNOWN_REFERENCE);
                return;
            }
            environment.put(WorkerEnvironment.SOURCE_BUCKET, source.bucket());
            environment.put(WorkerEnvironment.SOURCE_KEY, source.key());
        }
        try {
            WorkerLauncher.Outcome outcome = launcher.launch(task, environment, this);
            LOG.infof("task %s (%s): %s", task.taskId(), task.type(), outcome);
            if (outcome == WorkerLauncher.Outcome.STARTED) {
                metrics.launched(task);
            } else {
                metrics.notLaunched(IntakeOutcome.DUPLICATE);
            }
            if (ledger.contains(task.taskId())) {
                // its cancel was handled while it launched
                if (launcher.cancel(task.taskId())) {
                    metrics.finished(task.taskId(), TaskState.CANCELLED, null);
                }
                heartbeats.forget(task.taskId());
            }
        } catch (UnknownWorkerClassException e) {
            LOG.infof("task %s: %s", task.taskId(), e.getMessage());
            relay.send(gate.error(task.taskId(), ErrorCode.UNKNOWN_REFERENCE, e.getMessage()));
            metrics.notLaunched(IntakeOutcome.UNKNOWN_REFERENCE);
        }
    }

    private void deadLetter(String queue, AMQP.BasicProperties properties, byte[] body, String reason)
            throws IOException {
        LOG.warnf("dead-lettering a message: %s", reason);
        Map<String, Object> headers = new HashMap<>();
        if (properties.getHeaders() != null) {
            headers.putAll(properties.getHeaders());
        }
        headers.put(Contract.HEADER_REJECT_REASON, reason);
        deadLetters.publish(new ConfirmedPublisher.Message(broker.topology().deadLetterExchange(),
                Topology.deadLetterQueue(queue), headers, body));
    }

    @Override
    public void started(String taskId) {
        relay.send(gate.state(taskId, TaskState.PENDING));
    }

    @Override
    public void active(String taskId) {
        heartbeats.alive(taskId);
        relay.send(gate.state(taskId, TaskState.ACTIVE));
    }

    /**
     * A worker's heartbeat arrived.
     *
     * @param taskId the task
     * @param progress how far it is
     * @return whether this dispatcher runs a worker for the task
     */
    public boolean heartbeat(String taskId, Progress progress) {
        if (stoppedHere(taskId) || !launcher.isRunning(taskId)) {
            return false;
        }
        progressed(taskId, progress);
        return true;
    }

    /** Stops workers silent past the heartbeat timeout and reports their tasks lost. */
    @io.quarkus.scheduler.Scheduled(every = "${dispatcher.worker-heartbeat.check-every:5s}", identity = "heartbeat-check")
    void stopSilentWorkers() {
        for (String taskId : heartbeats.overdue(java.time.Instant.now())) {
            heartbeats.forget(taskId);
            if (!launcher.isRunning(taskId)) {
                continue;
            }
            MDC.put("taskId", taskId);
            try {
                LOG.warnf("task %s: no heartbeat from its worker for %s; the worker is stopped and the task lost",
                        taskId, heartbeats.timeout());
                lost.add(taskId);
                launcher.cancel(taskId);
                metrics.finished(taskId, TaskState.LOST, null);
                lastProgressAt.remove(taskId);
                relay.send(gate.state(taskId, TaskState.LOST));
                freeSlot();
            } finally {
                MDC.remove("taskId");
            }
        }
    }

    @Override
    public void progressed(String taskId, Progress progress) {
        heartbeats.alive(taskId);
        long now = System.nanoTime();
        Long last = lastProgressAt.get(taskId);
        if (last == null || progress.fraction() >= 1.0 || now - last > Duration.ofMillis(500).toNanos()) {
            lastProgressAt.put(taskId, now);
            relay.send(gate.progress(taskId, progress));
        }
    }

    @Override
    public void finished(String taskId, String prefix, WorkerResult result, Runnable onReported) {
        heartbeats.forget(taskId);
        lastProgressAt.remove(taskId);
        metrics.finished(taskId, result.state(), result.error() == null ? null : result.error().code());
        relay.send(gate.result(taskId, prefix, result), onReported);
        freeSlot();
    }

    @Override
    public void lost(String taskId, Runnable onReported) {
        heartbeats.forget(taskId);
        metrics.finished(taskId, TaskState.LOST, null);
        relay.send(gate.state(taskId, TaskState.LOST), onReported);
        freeSlot();
    }

    private void freeSlot() {
        try {
            resumeIfCapacity();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot resume consuming yet: %s", e.getMessage());
        }
    }

    /** A slot freed while the broker was away is taken up here once it is back. */
    @io.quarkus.scheduler.Scheduled(every = "5s", delayed = "5s", concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void resumeWhenSlotsAreFree() {
        freeSlot();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        handlers.shutdown();
    }

    void onStop(@jakarta.enterprise.event.Observes ShutdownEvent event) {
        stop();
    }
}
