package dev.airlock.hub.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.ContractException;
import dev.airlock.common.contract.ContractValidator;
import dev.airlock.common.contract.DataSourceSpec;
import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.OutputFormat;
import dev.airlock.common.contract.OutputLocation;
import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.Requester;
import dev.airlock.common.contract.TaskCancel;
import dev.airlock.common.contract.TaskError;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskLimits;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.TaskType;
import dev.airlock.hub.audit.AuditLog;
import dev.airlock.hub.config.HubConfig;
import dev.airlock.hub.modelconfig.ModelConfigService;
import dev.airlock.hub.outbox.OutboxEntity;
import dev.airlock.hub.outbox.OutboxWritten;
import dev.airlock.hub.problem.ConflictException;
import dev.airlock.hub.problem.InvalidRequestException;
import dev.airlock.hub.problem.NotFoundException;
import dev.airlock.hub.problem.TooManyQueuedTasksException;
import dev.airlock.hub.project.ProjectAccess;
import dev.airlock.hub.project.ProjectRole;
import dev.airlock.hub.source.DataSourceService;
import dev.airlock.hub.zone.ZoneEntity;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.SynthConfig;

/**
 * Accepts tasks (task row, outbox row and audit entry in one transaction; editors only) and applies the zone's status
 * events to them, announcing each change after it commits.
 */
@ApplicationScoped
public class TaskService {

    private static final Logger LOG = Logger.getLogger(TaskService.class);
    private static final ObjectMapper JSON = MessageCodec.mapper();

    private final TaskRepository tasks;
    private final HubConfig config;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final Event<TaskChanged> changes;
    private final Event<OutboxWritten> outboxWritten;
    private final DataSourceService sources;
    private final ModelConfigService modelConfigs;

    TaskService(TaskRepository tasks, HubConfig config, ProjectAccess access, AuditLog audit,
            Event<TaskChanged> changes, Event<OutboxWritten> outboxWritten, DataSourceService sources,
            ModelConfigService modelConfigs) {
        this.sources = sources;
        this.modelConfigs = modelConfigs;
        this.tasks = tasks;
        this.config = config;
        this.access = access;
        this.audit = audit;
        this.changes = changes;
        this.outboxWritten = outboxWritten;
    }

    /**
     * @param project the project
     * @param submission what the user asked for
     * @param requester who asked
     * @return the accepted task, in state {@code created}
     */
    @Transactional
    public TaskView submit(String project, TaskSubmission submission, Requester requester) {
        requireProjectName(project);
        access.require(project, ProjectRole.EDITOR);
        if (submission != null && submission.modelConfigName() != null) {
            if (submission.modelConfig() != null && !submission.modelConfig().isNull()) {
                throw new InvalidRequestException("give modelConfig or modelConfigName, not both");
            }
            submission = new TaskSubmission(submission.type(), submission.dataSource(), submission.modelTaskId(),
                    modelConfigs.configOf(project, submission.modelConfigName()), null, submission.parameters());
        }
        validate(project, submission);
        // serialise submissions per project so the limit holds under concurrency
        tasks.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, project).getSingleResult();
        int limit = config.limits().maxCreatedPerProject();
        if (tasks.countInState(project, TaskState.CREATED) >= limit) {
            throw new TooManyQueuedTasksException(project, limit);
        }
        ZoneEntity zone = ZoneEntity.findById(config.zone());
        if (zone != null && zone.maxQueuedTasks > 0) {
            // the zone's license limits waiting tasks across projects: serialise submissions to the zone
            tasks.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                    .setParameter(1, "zone:" + zone.name).getSingleResult();
            if (tasks.countInStateAcrossProjects(TaskState.CREATED) >= zone.maxQueuedTasks) {
                throw new TooManyQueuedTasksException(zone.name, zone.maxQueuedTasks, true);
            }
        }
        Instant now = Instant.now();
        TaskEntity task = new TaskEntity();
        task.id = UUID.randomUUID();
        task.project = project;
        task.type = submission.type();
        task.state = TaskState.CREATED;
        task.dataSource = submission.dataSource();
        task.modelTaskId = submission.modelTaskId() == null ? null : UUID.fromString(submission.modelTaskId());
        JsonNode modelConfig = submission.modelConfig() == null ? JsonNodeFactory.instance.objectNode()
                : submission.modelConfig();
        Map<String, Object> parameters = submission.parameters() == null ? Map.of() : submission.parameters();
        if (submission.type() == TaskType.EVALUATE) {
            TaskEntity model = tasks.findById(task.modelTaskId);
            JsonNode trainedConfig = trainedConfig(model);
            parameters = inheritedFromModelTask(model, trainedConfig, parameters);
            if (modelConfig.isNull() || modelConfig.isEmpty()) {
                // measured with the train task's k, which thresholds the plots; its other settings are the model's
                modelConfig = kOf(trainedConfig);
            }
        }
        task.modelConfig = write(modelConfig);
        task.parameters = write(parameters);
        task.outputPrefix = TaskPaths.prefix(project, task.id.toString());
        task.requestedBy = requester.userId();
        task.createdAt = now;
        task.updatedAt = now;
        tasks.persist(task);

        // a data source of the project travels with the task, credentials sealed; any other name is the zone's own
        DataSourceSpec source = task.dataSource == null || task.type == TaskType.GENERATE ? null
                : sources.specFor(project, task.dataSource);
        TaskRequest request = new TaskRequest(Contract.SCHEMA_VERSION, task.id.toString(), project, task.type,
                task.dataSource, source, submission.modelTaskId(), modelConfig, parameters,
                new OutputLocation(task.outputPrefix), requester,
                new TaskLimits(config.limits().maxDuration().toSeconds()), now, null);
        ContractValidator.validate(request);
        enqueue(task.id, "TaskRequest", MessageCodec.encode(request), now);
        audit.record(requester.userId(), project, "task.submit", task.id.toString());
        LOG.infof("accepted task %s (%s) in project %s", task.id, task.type, project);
        TaskView view = view(task);
        changes.fire(new TaskChanged(view));
        return view;
    }

    /** Writes an outbox row in the caller's transaction; the relay is woken once it commits. */
    private void enqueue(UUID taskId, String messageType, byte[] payload, Instant now) {
        OutboxEntity outbox = new OutboxEntity();
        outbox.taskId = taskId;
        outbox.messageType = messageType;
        outbox.payload = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        outbox.createdAt = now;
        outbox.persist();
        outboxWritten.fire(new OutboxWritten());
    }

    private static void requireProjectName(String project) {
        if (!ContractValidator.isName(project)) {
            throw new InvalidRequestException(
                    "project name must be 1-63 lower-case letters, digits, dots, dashes or underscores");
        }
    }

    /**
     * An evaluate task measures its train task's sample on the same split: seed, holdout fraction and target come from
     * the train task (a target set in its model configuration too) unless the submission names them; without a model
     * configuration of its own, the task gets the train task's k.
     */
    private static Map<String, Object> inheritedFromModelTask(TaskEntity model, JsonNode trainedConfig,
            Map<String, Object> given) {
        Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        try {
            Map<String, Object> trained = model.parameters == null ? Map.of()
                    : JSON.readValue(model.parameters, new TypeReference<Map<String, Object>>() {
                    });
            for (String name : List.of("seed", "holdoutFraction", "target")) {
                if (trained.containsKey(name)) {
                    parameters.put(name, trained.get(name));
                }
            }
            JsonNode configuredTarget = trainedConfig.path("target");
            if (!parameters.containsKey("target") && configuredTarget.isTextual()) {
                parameters.put("target", configuredTarget.asText());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the parameters of task " + model.id + " are not JSON", e);
        }
        parameters.putAll(given);
        return parameters;
    }

    /** @return a model configuration holding only the train task's {@code privacy.k}, if it set one */
    private static JsonNode kOf(JsonNode trainedConfig) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        JsonNode k = trainedConfig.path("privacy").path("k");
        if (!k.isMissingNode()) {
            config.putObject("privacy").set("k", k);
        }
        return config;
    }

    private static JsonNode trainedConfig(TaskEntity model) {
        try {
            return model.modelConfig == null ? JsonNodeFactory.instance.objectNode() : JSON.readTree(model.modelConfig);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the model configuration of task " + model.id + " is not JSON", e);
        }
    }

    private void validate(String project, TaskSubmission submission) {
        if (submission == null || submission.type() == null) {
            throw new InvalidRequestException("type is required: train, generate or evaluate");
        }
        validateFormat(submission);
        boolean needsSource = submission.type() == TaskType.TRAIN || submission.type() == TaskType.EVALUATE;
        if (needsSource && !ContractValidator.isName(submission.dataSource())) {
            throw new InvalidRequestException("dataSource is required for a " + submission.type().name()
                    .toLowerCase(java.util.Locale.ROOT) + " task and must be a data source name");
        }
        if (submission.type() != TaskType.TRAIN) {
            if (submission.modelTaskId() == null) {
                throw new InvalidRequestException("modelTaskId is required: the train task whose model to use");
            }
            TaskEntity model = tasks.findById(parseId(submission.modelTaskId(), "modelTaskId"));
            if (model == null || !model.project.equals(project) || model.type != TaskType.TRAIN) {
                throw new InvalidRequestException("modelTaskId does not name a train task of project " + project);
            }
            if (model.state != TaskState.COMPLETED) {
                throw new InvalidRequestException("modelTaskId names a train task that has not completed");
            }
        }
        if (submission.modelConfig() != null && !submission.modelConfig().isObject()
                && !submission.modelConfig().isNull()) {
            throw new InvalidRequestException("modelConfig must be a JSON object");
        }
        Object target = submission.parameters() == null ? null : submission.parameters().get("target");
        if (target != null && !(target instanceof String name && !name.isBlank())) {
            throw new InvalidRequestException("parameters.target must be a column name");
        }
        if (submission.modelConfig() != null && submission.modelConfig().isObject()) {
            // the worker reads it the same way; a mistake is reported now instead of as a failed run
            try {
                SynthConfig parsed = SynthConfig.fromMap(JSON.convertValue(submission.modelConfig(),
                        new TypeReference<Map<String, Object>>() {
                        }));
                if (submission.type() == TaskType.TRAIN) {
                    // one target for the model and its report; an evaluate task only scores, its own target wins
                    parsed.withTarget((String) target);
                }
            } catch (InvalidInputException e) {
                throw new InvalidRequestException("modelConfig: " + e.getMessage());
            }
        }
    }

    /** A generate task's output format is one the worker writes; the other tasks write their sample as CSV. */
    private static void validateFormat(TaskSubmission submission) {
        try {
            OutputFormat.forTask(submission.type(), submission.parameters());
        } catch (ContractException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /**
     * @param id a task id
     * @return the task
     */
    @Transactional
    public TaskView get(String id) {
        TaskEntity task = find(id);
        access.require(task.project, ProjectRole.VIEWER);
        return view(task);
    }

    /**
     * @param project a project
     * @param page the page, from 0
     * @param size the page size
     * @return the project's tasks, newest first
     */
    @Transactional
    public List<TaskView> list(String project, int page, int size) {
        requireProjectName(project);
        access.require(project, ProjectRole.VIEWER);
        return tasks.listByProject(project, page, size).stream().map(this::view).toList();
    }

    /**
     * Cancels a task (editors). One whose request has not left the hub yet is withdrawn and cancelled here, so it never
     * starts; otherwise a signed {@code TaskCancel} goes to the zone through the outbox, and the dispatcher reports
     * {@code cancelled}.
     *
     * @param id a task id
     * @param requester who asks
     * @return the task as it is now
     */
    @Transactional
    public TaskView cancel(String id, Requester requester) {
        TaskEntity task = tasks.findById(parseId(id, "task id"), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (task == null) {
            throw new NotFoundException("task " + id + " does not exist");
        }
        access.require(task.project, ProjectRole.EDITOR);
        if (task.state.isTerminal()) {
            throw new ConflictException("task " + id + " is already " + task.state.wireName());
        }
        Instant now = Instant.now();
        // waits for a relay batch that holds the row, then finds it sent
        int withdrawn = tasks.getEntityManager().createNativeQuery(
                "delete from outbox where task_id = ?1 and message_type = 'TaskRequest' and sent_at is null")
                .setParameter(1, task.id).executeUpdate();
        if (withdrawn > 0) {
            task.state = TaskState.CANCELLED;
            task.updatedAt = now;
            TaskEventEntity record = new TaskEventEntity();
            record.eventId = UUID.randomUUID();
            record.taskId = task.id;
            record.state = TaskState.CANCELLED;
            record.applied = true;
            record.occurredAt = now;
            record.receivedAt = now;
            record.persist();
            LOG.infof("task %s cancelled before it left the hub", task.id);
        } else {
            TaskCancel cancel = new TaskCancel(Contract.SCHEMA_VERSION, task.id.toString(), requester, now, null);
            ContractValidator.validate(cancel);
            enqueue(task.id, "TaskCancel", MessageCodec.encode(cancel), now);
            LOG.infof("task %s: cancel sent to the zone", task.id);
        }
        audit.record(requester.userId(), task.project, "task.cancel", task.id.toString());
        TaskView view = view(task);
        changes.fire(new TaskChanged(view));
        return view;
    }

    /**
     * @param project a project
     * @throws dev.airlock.hub.problem.ForbiddenException unless the caller may read it
     */
    @Transactional
    public void requireViewer(String project) {
        requireProjectName(project);
        access.require(project, ProjectRole.VIEWER);
    }

    /**
     * @param id a task id
     * @return its events in arrival order
     */
    @Transactional
    public List<TaskEventView> events(String id) {
        TaskEntity task = find(id);
        access.require(task.project, ProjectRole.VIEWER);
        return tasks.events(task.id).stream()
                .map(e -> new TaskEventView(e.state.wireName(), e.applied, e.occurredAt, e.receivedAt)).toList();
    }

    /**
     * Applies a status event once: a repeated event id is ignored, and a state that would move the task backwards (or
     * out of a terminal state) is recorded but not applied.
     *
     * @param event an event from the zone
     * @return whether the task changed
     */
    @Transactional
    public boolean apply(TaskEvent event) {
        UUID eventId = UUID.fromString(event.eventId());
        if (TaskEventEntity.findById(eventId) != null) {
            return false;
        }
        TaskEntity task = tasks.findById(UUID.fromString(event.taskId()), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        TaskEventEntity record = new TaskEventEntity();
        record.eventId = eventId;
        record.taskId = UUID.fromString(event.taskId());
        record.state = event.state();
        record.occurredAt = event.occurredAt();
        record.receivedAt = Instant.now();
        if (task == null) {
            LOG.warnf("status event for unknown task %s ignored", event.taskId());
            record.applied = false;
            record.persist();
            return false;
        }
        boolean moves = task.state.canMoveTo(event.state());
        boolean progresses = task.state == TaskState.ACTIVE && event.state() == TaskState.ACTIVE
                && event.progress() != null;
        record.applied = moves || progresses;
        record.persist();
        if (!record.applied) {
            return false;
        }
        task.state = event.state();
        task.updatedAt = Instant.now();
        if (event.progress() != null) {
            task.progressPhase = event.progress().phase();
            task.progressFraction = event.progress().fraction();
        }
        if (event.error() != null) {
            task.errorCode = event.error().code().name();
            task.errorMessage = event.error().message();
        }
        if (event.artifacts() != null && !event.artifacts().isEmpty()) {
            task.artifacts = write(event.artifacts());
        }
        if (event.metrics() != null && !event.metrics().isEmpty()) {
            task.metrics = write(event.metrics());
        }
        changes.fire(new TaskChanged(view(task)));
        return true;
    }

    private TaskEntity find(String id) {
        TaskEntity task = tasks.findById(parseId(id, "task id"));
        if (task == null) {
            throw new NotFoundException("task " + id + " does not exist");
        }
        return task;
    }

    private static UUID parseId(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(what + " is not a UUID");
        }
    }

    TaskView view(TaskEntity task) {
        Progress progress = task.progressPhase == null ? null : new Progress(task.progressPhase, task.progressFraction);
        TaskError error = task.errorCode == null ? null
                : new TaskError(ErrorCode.valueOf(task.errorCode), task.errorMessage);
        return new TaskView(task.id.toString(), task.project, task.type.name().toLowerCase(java.util.Locale.ROOT),
                task.state.wireName(), task.dataSource, task.modelTaskId == null ? null : task.modelTaskId.toString(),
                read(task.modelConfig, new TypeReference<JsonNode>() {
                }), read(task.parameters, new TypeReference<Map<String, Object>>() {
                }), progress, error, task.outputPrefix,
                task.artifacts == null ? List.of() : read(task.artifacts, new TypeReference<List<Artifact>>() {
                }),
                task.metrics == null ? Map.of() : read(task.metrics, new TypeReference<Map<String, Double>>() {
                }), task.createdAt, task.updatedAt);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("cannot store the request as JSON");
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
