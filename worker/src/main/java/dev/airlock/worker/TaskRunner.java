package dev.airlock.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.common.store.ObjectKeys;
import dev.airlock.common.store.ObjectNotFoundException;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.ProgressListener;
import dev.airlock.synth.SynthConfig;
import dev.airlock.synth.SynthModel;
import dev.airlock.synth.Synthesizer;

/**
 * Runs one task: downloads what it reads into scratch space, computes everything, and only then uploads its artifacts
 * under the task's prefix, so a task that fails writes nothing.
 */
final class TaskRunner {

    private final WorkerSettings settings;
    private final ObjectStore store;
    private final ProgressListener progress;

    TaskRunner(WorkerSettings settings, ProgressListener progress) {
        this.settings = settings;
        this.store = new ObjectStore(settings.store());
        this.progress = progress;
    }

    WorkerResult run(TaskRequest task) throws IOException {
        String prefix = ObjectKeys.requirePrefix(task.output().prefix());
        Path scratch = Files.createDirectories(settings.workDir().resolve(task.taskId()));
        return switch (task.type()) {
            case TRAIN -> train(task, prefix, scratch);
            case GENERATE -> generate(task, prefix, scratch);
            case EVALUATE -> throw new InvalidInputException("task type evaluate is not supported by this worker yet");
        };
    }

    private WorkerResult train(TaskRequest task, String prefix, Path scratch) throws IOException {
        SynthConfig config = ModelConfigs.of(task.modelConfig());
        if (settings.sourceBucket() == null || settings.sourceKey() == null) {
            throw new IllegalStateException("no source table was given for train task " + task.taskId());
        }
        progress.onProgress("read", 0);
        Path source = scratch.resolve("source" + GenerateCommand.extensionOf(Path.of(settings.sourceKey())));
        Files.deleteIfExists(source);
        try {
            store.download(settings.sourceBucket(), settings.sourceKey(), source);
        } catch (ObjectNotFoundException e) {
            throw new InvalidInputException("the data source's table does not exist in the source bucket");
        }
        progress.onProgress("read", 1);

        SynthModel model = Synthesizer.train(source, config, seedOf(task), progress);
        Path modelFile = scratch.resolve(TaskPaths.MODEL);
        try (OutputStream out = Files.newOutputStream(modelFile)) {
            model.write(out);
        }
        long rows = rowsOf(task, model.trainingRows());
        Path synthetic = scratch.resolve(TaskPaths.SYNTHETIC);
        model.sample(rows, seedOf(task), synthetic, progress);
        Files.deleteIfExists(source);

        progress.onProgress("write", 0);
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(upload(prefix, TaskPaths.MODEL, modelFile, "application/octet-stream"));
        artifacts.add(upload(prefix, TaskPaths.SYNTHETIC, synthetic, "text/csv"));
        progress.onProgress("write", 1);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rows.source", (double) model.trainingRows());
        metrics.put("rows.synthetic", (double) rows);
        metrics.put("columns", (double) model.columnNames().size());
        return new WorkerResult(TaskState.COMPLETED, artifacts, metrics, null);
    }

    private WorkerResult generate(TaskRequest task, String prefix, Path scratch) throws IOException {
        String modelKey = TaskPaths.prefix(task.project(), task.modelTaskId()) + TaskPaths.MODEL;
        SynthModel model;
        try (InputStream in = store.open(settings.sharedBucket(), modelKey)) {
            model = SynthModel.read(in);
        } catch (ObjectNotFoundException e) {
            throw new InvalidInputException("model task " + task.modelTaskId() + " has no model");
        }
        long rows = rowsOf(task, model.trainingRows());
        Path synthetic = scratch.resolve(TaskPaths.SYNTHETIC);
        model.sample(rows, seedOf(task), synthetic, progress);
        Artifact artifact = upload(prefix, TaskPaths.SYNTHETIC, synthetic, "text/csv");
        return new WorkerResult(TaskState.COMPLETED, List.of(artifact),
                Map.of("rows.synthetic", (double) rows, "columns", (double) model.columnNames().size()), null);
    }

    private Artifact upload(String prefix, String name, Path file, String contentType) {
        String key = ObjectKeys.resolve(prefix, name);
        long size = store.upload(settings.sharedBucket(), key, file, contentType);
        return new Artifact(name.substring(0, name.indexOf('.')), key, size);
    }

    private static long seedOf(TaskRequest task) {
        Object seed = task.parameters() == null ? null : task.parameters().get("seed");
        return seed instanceof Number number ? number.longValue() : 0L;
    }

    private static long rowsOf(TaskRequest task, long trainingRows) {
        Object rows = task.parameters() == null ? null : task.parameters().get("rows");
        if (rows == null) {
            return trainingRows;
        }
        if (!(rows instanceof Number number) || number.longValue() < 0) {
            throw new InvalidInputException("parameter rows must be a non-negative whole number");
        }
        return number.longValue();
    }
}
