package dev.airlock.hub.task;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Fans committed task changes out to live views (server-sent events). A slow listener misses intermediate updates
 * rather than holding others up; each update carries the whole task, so the next one repairs the view.
 */
@ApplicationScoped
public class TaskUpdates {

    private final BroadcastProcessor<TaskView> processor = BroadcastProcessor.create();

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskChanged change) {
        processor.onNext(change.task());
    }

    /**
     * @param project a project
     * @return its tasks as they change, from now on
     */
    public Multi<TaskView> ofProject(String project) {
        return processor.onOverflow().drop().filter(task -> task.project().equals(project));
    }

    /**
     * @param taskId a task
     * @return the task as it changes, from now on
     */
    public Multi<TaskView> ofTask(String taskId) {
        return processor.onOverflow().drop().filter(task -> task.id().equals(taskId));
    }
}
