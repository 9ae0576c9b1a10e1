package dev.airlock.hub.ui;

import java.util.List;
import java.util.Locale;

import dev.airlock.hub.task.TaskView;

/**
 * A run as a row of the runs table; the same fields the live updates carry.
 *
 * @param id the task id
 * @param shortId its first eight characters
 * @param type train, generate or evaluate
 * @param dataSource the data source's name
 * @param state its state
 * @param percent progress in percent (100 once completed)
 * @param phase the worker's phase
 * @param errorCode why it failed
 * @param errorMessage how it failed, quoting no data
 * @param createdAt when it was accepted
 * @param updatedAt when it last changed
 * @param finished whether it is in a terminal state (and so cannot be cancelled)
 */
public record RunRow(String id, String shortId, String type, String dataSource, String state, int percent,
        String phase, String errorCode, String errorMessage, String createdAt, String updatedAt, boolean finished) {

    static RunRow of(TaskView task) {
        int percent = "completed".equals(task.state()) ? 100
                : task.progress() == null ? 0 : (int) Math.round(task.progress().fraction() * 100);
        return new RunRow(task.id(), task.id().substring(0, 8), task.type(),
                task.dataSource() == null ? "" : task.dataSource(), task.state(), percent,
                task.progress() == null ? "" : task.progress().phase(),
                task.error() == null ? "" : task.error().code().name().toLowerCase(Locale.ROOT),
                task.error() == null ? "" : task.error().message(), task.createdAt().toString(),
                task.updatedAt().toString(), List.of("completed", "error", "cancelled", "lost").contains(task.state()));
    }
}
