package dev.airlock.dispatcher.metrics;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.rabbitmq.client.Channel;

import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.TaskType;
import dev.airlock.common.messaging.BrokerConnection;
import dev.airlock.dispatcher.config.DispatcherConfig;
import dev.airlock.dispatcher.launch.WorkerLauncher;
import dev.airlock.dispatcher.license.LicenseGate;
import dev.airlock.dispatcher.status.StatusRelay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * The dispatcher's Prometheus metrics (served at {@code /q/metrics}). Tags are bounded enums only (intake outcome,
 * task state, error code, task type): never a task id, project, data source or user, so a scrape tells nothing about
 * the zone's data and the number of series stays fixed. Created at start-up so every gauge exists before the first
 * task.
 */
@Startup
@ApplicationScoped
public class DispatcherMetrics {

    /** How a task message ended at the intake; the tag {@code outcome} of {@code airlock_tasks_intake_total}. */
    public enum IntakeOutcome {
        /** A worker was launched. */
        STARTED,
        /** The task had a worker already (a redelivery); nothing was launched. */
        DUPLICATE,
        /** The license refused it. */
        LICENSE,
        /** It names a data source or worker class this zone does not have. */
        UNKNOWN_REFERENCE,
        /** Its data source cannot be used in this zone. */
        SOURCE_UNAVAILABLE,
        /** It waited past the signing max age. */
        EXPIRED,
        /** Malformed or badly signed: moved to the dead-letter queue. */
        DEAD_LETTER,
        /** It was cancelled before it arrived. */
        CANCELLED,
        /** No worker could be started within the retry window: it ended in {@code error/LAUNCH_FAILED}. */
        LAUNCH_FAILED
    }

    private static final Logger LOG = Logger.getLogger(DispatcherMetrics.class);
    private static final String NONE = "none";
    /** Bucket bounds: a launch takes milliseconds unless the task waited for a free worker slot (up to the max age). */
    private static final Duration[] DISPATCH_BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24) };
    /** Bucket bounds: a worker runs from seconds (generate) to hours (train), at most the max duration. */
    private static final Duration[] WORKER_BUCKETS = { Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofHours(24) };

    private final MeterRegistry registry;
    /**
     * Gauges hold this application's beans. They are removed when it stops: a registry outlives a restart in the same
     * JVM (tests, dev mode), and registering an existing gauge again would return the old one.
     */
    private final java.util.List<io.micrometer.core.instrument.Meter> gauges = new java.util.ArrayList<>();
    private final BrokerConnection broker;
    private final WorkerLauncher launcher;
    private final Clock clock = Clock.systemUTC();
    private final Map<IntakeOutcome, Counter> intake = new EnumMap<>(IntakeOutcome.class);
    /** Launch instants of the workers this process started; recovered workers have none and are not timed. */
    private final Map<String, Launched> launched = new ConcurrentHashMap<>();
    private volatile double queueReady = Double.NaN;

    private record Launched(Instant at, TaskType type) {
    }

    DispatcherMetrics(MeterRegistry registry, BrokerConnection broker, WorkerLauncher launcher, StatusRelay relay,
            LicenseGate license, DispatcherConfig config) {
        this.registry = registry;
        this.broker = broker;
        this.launcher = launcher;
        int maxRunningWorkers = license.maxRunningWorkers(config.maxRunningWorkers());
        gauges.add(Gauge.builder("airlock.workers.running", launcher, WorkerLauncher::running).strongReference(true)
                .description("Workers running now").register(registry));
        gauges.add(Gauge.builder("airlock.workers.max", () -> maxRunningWorkers).strongReference(true)
                .description("The most workers allowed at once (configuration capped by the license)")
                .register(registry));
        gauges.add(Gauge.builder("airlock.status.backlog", relay, StatusRelay::backlog).strongReference(true)
                .description("Status events raised but not yet confirmed by the broker").register(registry));
        gauges.add(Gauge.builder("airlock.task.queue.ready", this, metrics -> metrics.queueReady)
                .strongReference(true)
                .description("Tasks waiting in the zone's task queue, counted periodically; NaN while the broker "
                        + "cannot be asked")
                .register(registry));
        for (IntakeOutcome outcome : IntakeOutcome.values()) {
            intake.put(outcome, Counter.builder("airlock.tasks.intake").tag("outcome", tag(outcome))
                    .description("Task messages taken from the queue, by how they ended at the intake")
                    .register(registry));
        }
    }

    /**
     * A task message was settled without launching a worker.
     *
     * @param outcome why
     */
    public void notLaunched(IntakeOutcome outcome) {
        intake.get(outcome).increment();
    }

    /**
     * A worker was launched for the task: counts it, times the dispatch from the hub's signature to now, and keeps the
     * launch instant to time the worker when it finishes.
     *
     * @param task the task
     */
    public void launched(TaskRequest task) {
        Instant now = clock.instant();
        intake.get(IntakeOutcome.STARTED).increment();
        if (task.issuedAt() != null) {
            // the hub's clock signed issuedAt: a skew that puts it in the future counts as no wait
            Duration latency = Duration.between(task.issuedAt(), now);
            timer("airlock.dispatch.latency", "From the hub signing the task to its worker being launched",
                    Tags.of("type", tag(task.type())), DISPATCH_BUCKETS)
                    .record(latency.isNegative() ? Duration.ZERO : latency);
        }
        launched.put(task.taskId(), new Launched(now, task.type()));
        // a worker that ended before this line was reached must not leave its instant behind: launchers forget a
        // worker before they report its end, so either that report removes the instant or this check does
        if (!launcher.isRunning(task.taskId())) {
            launched.remove(task.taskId());
        }
    }

    /**
     * A task's worker ended (or was stopped).
     *
     * @param taskId the task, only to find its launch instant
     * @param state its final state
     * @param errorCode why it failed, or {@code null}
     */
    public void finished(String taskId, TaskState state, ErrorCode errorCode) {
        registry.counter("airlock.tasks.finished", "state", state.wireName(), "error_code", tag(errorCode))
                .increment();
        Launched start = launched.remove(taskId);
        if (start != null) {
            timer("airlock.worker.duration", "From a worker's launch to its end",
                    Tags.of("type", tag(start.type()), "state", state.wireName()), WORKER_BUCKETS)
                    .record(Duration.between(start.at(), clock.instant()));
        }
    }

    private static String tag(Enum<?> value) {
        return value == null ? NONE : value.name().toLowerCase(Locale.ROOT);
    }

    private Timer timer(String name, String description, Tags tags, Duration[] buckets) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(buckets)
                .register(registry);
    }

    /**
     * Counts the ready messages of the task queue with a passive declare: on a schedule, not per scrape, so scrapes
     * never wait on the broker and a fast scraper adds no load to it.
     */
    @Scheduled(every = "${dispatcher.metrics.queue-depth-every:15s}", identity = "queue-depth", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshQueueDepth() {
        try (Channel channel = broker.get().createChannel()) {
            queueReady = channel.queueDeclarePassive(broker.topology().tasksQueue()).getMessageCount();
        } catch (IOException | TimeoutException | RuntimeException e) {
            queueReady = Double.NaN;
            LOG.debugf("cannot count the task queue: %s", e.getMessage());
        }
    }

    @jakarta.annotation.PreDestroy
    void removeGauges() {
        gauges.forEach(registry::remove);
    }
}
