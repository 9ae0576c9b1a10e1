package dev.airlock.hub.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.airlock.common.contract.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * The hub's Prometheus metrics (served at {@code /q/metrics}, beside the HTTP server metrics of the extension). The
 * only tags are bounded enums (task state, status event outcome): never a task id, project, data source or user.
 * Task and outbox counts are read from the database on a schedule, not per scrape, so a scraper adds no load to it.
 */
@Startup
@ApplicationScoped
public class HubMetrics {

    /** What became of a status event from a zone; the tag {@code outcome} of {@code airlock_status_events_total}. */
    public enum StatusOutcome {
        /** It moved its task forward. */
        APPLIED,
        /** It came late or twice and changed nothing. */
        IGNORED,
        /** It did not fit the contract and went to the dead-letter queue. */
        REJECTED
    }

    private final EntityManager entityManager;
    private final MeterRegistry registry;
    /**
     * Gauges hold this application's beans. They are removed when it stops: a registry outlives a restart in the same
     * JVM (tests, dev mode), and registering an existing gauge again would return the old one.
     */
    private final java.util.List<io.micrometer.core.instrument.Meter> gauges = new java.util.ArrayList<>();
    private final Map<TaskState, Double> tasksByState = new EnumMap<>(TaskState.class);
    private final Map<StatusOutcome, Counter> statusEvents = new EnumMap<>(StatusOutcome.class);
    private volatile double outboxBacklog = Double.NaN;

    HubMetrics(MeterRegistry registry, EntityManager entityManager) {
        this.entityManager = entityManager;
        this.registry = registry;
        for (TaskState state : TaskState.values()) {
            tasksByState.put(state, Double.NaN);
            gauges.add(Gauge.builder("airlock.tasks", this, metrics -> metrics.tasks(state))
                    .tag("state", state.wireName()).strongReference(true)
                    .description("Tasks in the hub's database by state, counted periodically")
                    .register(registry));
        }
        gauges.add(Gauge.builder("airlock.outbox.backlog", this, metrics -> metrics.outboxBacklog)
                .strongReference(true)
                .description("Messages to the zones written but not yet sent, counted periodically")
                .register(registry));
        for (StatusOutcome outcome : StatusOutcome.values()) {
            statusEvents.put(outcome, Counter.builder("airlock.status.events")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .description("Status events from the zones, by what became of them").register(registry));
        }
    }

    private synchronized double tasks(TaskState state) {
        return tasksByState.get(state);
    }

    /**
     * A status event was handled.
     *
     * @param outcome what became of it
     */
    public void statusEvent(StatusOutcome outcome) {
        statusEvents.get(outcome).increment();
    }

    /** Counts tasks by state and the unsent outbox rows (a partial index keeps that count cheap). */
    @Scheduled(every = "${hub.metrics.refresh-every:15s}", identity = "hub-metrics", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        List<Object[]> rows = entityManager
                .createQuery("select t.state, count(t) from TaskEntity t group by t.state", Object[].class)
                .getResultList();
        Map<TaskState, Double> counted = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            counted.put(state, 0.0);
        }
        for (Object[] row : rows) {
            counted.put((TaskState) row[0], ((Number) row[1]).doubleValue());
        }
        synchronized (this) {
            tasksByState.putAll(counted);
        }
        outboxBacklog = entityManager.createQuery("select count(o) from OutboxEntity o where o.sentAt is null",
                Long.class).getSingleResult();
    }

    @jakarta.annotation.PreDestroy
    void removeGauges() {
        gauges.forEach(registry::remove);
    }
}
