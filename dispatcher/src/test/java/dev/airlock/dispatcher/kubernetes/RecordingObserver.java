package dev.airlock.dispatcher.kubernetes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.dispatcher.launch.WorkerObserver;

/** Records what a launcher reports, in order. */
public final class RecordingObserver implements WorkerObserver {

    /** One report. */
    public record Report(String taskId, String kind, WorkerResult result) {
    }

    public final List<Report> reports = new CopyOnWriteArrayList<>();

    public List<Report> of(String taskId) {
        return reports.stream().filter(r -> r.taskId().equals(taskId)).toList();
    }

    public List<String> kindsOf(String taskId) {
        return of(taskId).stream().map(Report::kind).toList();
    }

    @Override
    public void started(String taskId) {
        reports.add(new Report(taskId, "started", null));
    }

    @Override
    public void active(String taskId) {
        reports.add(new Report(taskId, "active", null));
    }

    @Override
    public void progressed(String taskId, Progress progress) {
        reports.add(new Report(taskId, "progressed", null));
    }

    @Override
    public void finished(String taskId, String prefix, WorkerResult result, Runnable onReported) {
        reports.add(new Report(taskId, "finished", result));
        onReported.run();
    }

    @Override
    public void lost(String taskId, Runnable onReported) {
        reports.add(new Report(taskId, "lost", null));
        onReported.run();
    }
}
