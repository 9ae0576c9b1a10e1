package dev.airlock.dispatcher.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.ContractException;
import dev.airlock.common.contract.ContractValidator;
import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.TaskError;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.common.store.ObjectKeys;
import dev.airlock.common.store.UnsafeKeyException;
import dev.airlock.dispatcher.config.DispatcherConfig;

/**
 * The one gate every event passes on its way out of the zone (ARCHITECTURE §1): it builds events only from contract
 * fields, checks them against the contract and the task's prefix, and replaces what does not fit by an error that
 * says which field failed, never what it held.
 */
@ApplicationScoped
public class EgressGate {

    private static final Logger LOG = Logger.getLogger(EgressGate.class);

    private final String zone;

    EgressGate(DispatcherConfig config) {
        this.zone = config.zone();
    }

    /**
     * @param taskId the task
     * @param state a state without payload
     * @return the event
     */
    public TaskEvent state(String taskId, TaskState state) {
        return checked(event(taskId, state, null, null, null, null), null);
    }

    /**
     * @param taskId the task
     * @param progress how far the worker is
     * @return an {@code active} event with progress
     */
    public TaskEvent progress(String taskId, Progress progress) {
        return checked(event(taskId, TaskState.ACTIVE, progress, null, null, null), null);
    }

    /**
     * @param taskId the task
     * @param code the error code
     * @param message a message that quotes no data
     * @return an {@code error} event
     */
    public TaskEvent error(String taskId, ErrorCode code, String message) {
        return checked(event(taskId, TaskState.ERROR, null, null, null, new TaskError(code, sanitize(message))), null);
    }

    /**
     * @param taskId the task
     * @param prefix the task's output prefix; every artifact must lie under it
     * @param result what the worker reported
     * @return the terminal event
     */
    public TaskEvent result(String taskId, String prefix, WorkerResult result) {
        if (result.state() != TaskState.COMPLETED && result.state() != TaskState.ERROR) {
            return error(taskId, ErrorCode.WORKER_FAILED, "worker reported state " + result.state());
        }
        TaskError error = result.error() == null ? null
                : new TaskError(result.error().code(), sanitize(result.error().message()));
        List<Artifact> artifacts = result.artifacts() == null ? List.of() : List.copyOf(result.artifacts());
        Map<String, Double> metrics = result.metrics() == null ? Map.of() : Map.copyOf(result.metrics());
        return checked(event(taskId, result.state(), null, metrics, artifacts, error), prefix);
    }

    private TaskEvent event(String taskId, TaskState state, Progress progress, Map<String, Double> metrics,
            List<Artifact> artifacts, TaskError error) {
        return new TaskEvent(Contract.SCHEMA_VERSION, UUID.randomUUID().toString(), taskId, zone, state,
                Instant.now(), progress, metrics, artifacts, error);
    }

    private TaskEvent checked(TaskEvent event, String prefix) {
        try {
            if (event.artifacts() != null) {
                for (Artifact artifact : event.artifacts()) {
                    if (artifact.name() == null || !artifact.name().matches("[a-z][a-z0-9-]{0,30}")) {
                        throw new ContractException("TaskEvent.artifacts has a name that is not a word");
                    }
                    ObjectKeys.requireUnder(artifact.key(), prefix);
                }
            }
            ContractValidator.validate(event);
            return event;
        } catch (ContractException | UnsafeKeyException e) {
            LOG.warnf("egress gate replaced an event of task %s: %s", event.taskId(), e.getMessage());
            TaskEvent replacement = event(event.taskId(), TaskState.ERROR, null, null, null,
                    new TaskError(ErrorCode.WORKER_FAILED, "the worker's report failed the egress gate: "
                            + sanitize(e.getMessage())));
            ContractValidator.validate(replacement);
            return replacement;
        }
    }

    /** Keeps messages printable and within the contract's length. */
    static String sanitize(String message) {
        if (message == null) {
            return null;
        }
        String printable = message.replaceAll("\\p{Cntrl}", " ");
        return printable.length() <= ContractValidator.MAX_ERROR_MESSAGE ? printable
                : printable.substring(0, ContractValidator.MAX_ERROR_MESSAGE - 1) + "…";
    }
}
