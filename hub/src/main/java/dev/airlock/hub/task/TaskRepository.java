package dev.airlock.hub.task;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.airlock.common.contract.TaskState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Tasks and their events. */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<TaskEntity, UUID> {

    long countInStateAcrossProjects(TaskState state) {
        return count("state", state);
    }

    long countInState(String project, TaskState state) {
        return count("project = ?1 and state = ?2", project, state);
    }

    List<TaskEntity> listByProject(String project, int page, int size) {
        return find("project", Sort.descending("createdAt"), project).page(Page.of(page, size)).list();
    }

    List<TaskEventEntity> events(UUID taskId) {
        return TaskEventEntity.list("taskId", Sort.ascending("seq"), taskId);
    }
}
