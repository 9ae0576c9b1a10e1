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
import dev.airlock.common.contract.ContractException;
import dev.airlock.common.contract.OutputFormat;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.common.store.ObjectKeys;
import dev.airlock.common.store.ObjectNotFoundException;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.synth.CopyGuard;
import dev.airlock.synth.Evaluator;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.ProgressListener;
import dev.airlock.synth.Report;
import dev.airlock.synth.SynthConfig;
import dev.airlock.synth.SynthModel;
import dev.airlock.synth.Synthesizer;
import dev.airlock.synth.TableSplitter;

/**
 * Runs one task: downloads what it reads into scratch space, computes everything, and only then uploads its artifacts
 * under the task's prefix, so a task that fails writes nothing.
 */
final class TaskRunner {

    /** Share of the source held out to measure the model when the task does not say. */
    static final double DEFAULT_HOLDOUT_FRACTION = 0.2;

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
            case EVALUATE -> evaluate(task, prefix, scratch);
        };
    }

    private WorkerResult train(TaskRequest task, String prefix, Path scratch) throws IOException {
        SynthConfig config = ModelConfigs.of(task.modelConfig()).withTarget(targetOf(task));
        if (settings.source() == null) {
            throw new IllegalStateException("no source table was given for train task " + task.taskId());
        }
        progress.onProgress("read", 0);
        Path source = settings.source().fetch(scratch);
        progress.onProgress("read", 1);

        Path trainPart = scratch.resolve("train.csv");
        Path holdout = scratch.resolve("holdout.csv");
        TableSplitter.Split split = TableSplitter.split(source, holdoutFractionOf(task), seedOf(task), trainPart,
                holdout);
        long sourceRows = split.rowsTrain() + split.rowsHoldout();
        boolean measured = split.measurable();
        Path trainingTable = measured ? trainPart : source;

        SynthModel model = Synthesizer.train(trainingTable, config, seedOf(task), progress);
        Path modelFile = scratch.resolve(TaskPaths.MODEL);
        try (OutputStream out = Files.newOutputStream(modelFile)) {
            model.write(out);
        }
        long rows = rowsOf(task, sourceRows);
        Path synthetic = scratch.resolve(TaskPaths.SYNTHETIC);
        CopyGuard guard = CopyGuard.forTraining(config, trainingTable, measured ? holdout : null);
        model.sample(rows, seedOf(task), synthetic, progress, guard);

        Map<String, Double> metrics = new LinkedHashMap<>();
        if (guard != null) {
            metrics.put("privacy.redrawnRows", (double) guard.redrawn());
        }
        metrics.put("rows.source", (double) sourceRows);
        metrics.put("rows.train", (double) model.trainingRows());
        metrics.put("rows.synthetic", (double) rows);
        metrics.put("columns", (double) model.columnNames().size());
        Path reportFile = null;
        if (measured && rows > 0) {
            progress.onProgress("evaluate", 0);
            Report report = Evaluator.evaluate(trainingTable, holdout, synthetic, config.target(), config.k());
            reportFile = scratch.resolve(TaskPaths.REPORT);
            try (OutputStream out = Files.newOutputStream(reportFile)) {
                report.write(out);
            }
            metrics.putAll(ReportMetrics.of(report));
            progress.onProgress("evaluate", 1);
        }
        Files.deleteIfExists(source);
        Files.deleteIfExists(trainPart);
        Files.deleteIfExists(holdout);

        progress.onProgress("write", 0);
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(upload(prefix, TaskPaths.MODEL, modelFile, "application/octet-stream"));
        artifacts.add(upload(prefix, TaskPaths.SYNTHETIC, synthetic, OutputFormat.CSV.contentType()));
        if (reportFile != null) {
            artifacts.add(upload(prefix, TaskPaths.REPORT, reportFile, "application/json"));
        }
        progress.onProgress("write", 1);
        return new WorkerResult(TaskState.COMPLETED, artifacts, metrics, null);
    }

    /**
     * Measures a train task's synthetic table against the source again: the same split (seed and holdout fraction,
     * which the hub copies from the train task) gives the same train part and holdout, so the report is comparable
     * with the train task's, or shows what changed in the source since.
     */
    private WorkerResult evaluate(TaskRequest task, String prefix, Path scratch) throws IOException {
        SynthConfig config = ModelConfigs.of(task.modelConfig());
        // an evaluate task only scores: the target it names wins over its configuration's
        String named = targetOf(task);
        String target = named != null ? named : config.target();
        if (settings.source() == null) {
            throw new IllegalStateException("no source table was given for evaluate task " + task.taskId());
        }
        progress.onProgress("read", 0);
        Path synthetic = scratch.resolve(TaskPaths.SYNTHETIC);
        String syntheticKey = TaskPaths.prefix(task.project(), task.modelTaskId()) + TaskPaths.SYNTHETIC;
        try {
            store.download(settings.sharedBucket(), syntheticKey, synthetic);
        } catch (ObjectNotFoundException e) {
            throw new InvalidInputException("model task " + task.modelTaskId() + " has no synthetic table");
        }
        Path source = settings.source().fetch(scratch);
        progress.onProgress("read", 1);
        Path trainPart = scratch.resolve("train.csv");
        Path holdout = scratch.resolve("holdout.csv");
        TableSplitter.Split split = TableSplitter.split(source, holdoutFractionOf(task), seedOf(task), trainPart,
                holdout);
        if (!split.measurable()) {
            throw new InvalidInputException("the source table is too small to hold out rows for a report");
        }
        progress.onProgress("evaluate", 0);
        Report report = Evaluator.evaluate(trainPart, holdout, synthetic, target, config.k());
        Path reportFile = scratch.resolve(TaskPaths.REPORT);
        try (OutputStream out = Files.newOutputStream(reportFile)) {
            report.write(out);
        }
        progress.onProgress("evaluate", 1);
        Files.deleteIfExists(source);
        Files.deleteIfExists(trainPart);
        Files.deleteIfExists(holdout);
        Files.deleteIfExists(synthetic);
        Map<String, Double> metrics = new LinkedHashMap<>(ReportMetrics.of(report));
        metrics.put("rows.source", (double) (split.rowsTrain() + split.rowsHoldout()));
        progress.onProgress("write", 0);
        Artifact artifact = upload(prefix, TaskPaths.REPORT, reportFile, "application/json");
        progress.onProgress("write", 1);
        return new WorkerResult(TaskState.COMPLETED, List.of(artifact), metrics, null);
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
        OutputFormat format = formatOf(task);
        // the engine writes the format the file name asks for
        Path synthetic = scratch.resolve(format.fileName());
        model.sample(rows, seedOf(task), synthetic, progress);
        Artifact artifact = upload(prefix, format.fileName(), synthetic, format.contentType());
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

    private static double holdoutFractionOf(TaskRequest task) {
        Object fraction = task.parameters() == null ? null : task.parameters().get("holdoutFraction");
        if (fraction == null) {
            return DEFAULT_HOLDOUT_FRACTION;
        }
        if (!(fraction instanceof Number number) || number.doubleValue() < 0 || number.doubleValue() >= 1) {
            throw new InvalidInputException("parameter holdoutFraction must be a number at least 0 and below 1");
        }
        return number.doubleValue();
    }

    private static String targetOf(TaskRequest task) {
        Object target = task.parameters() == null ? null : task.parameters().get("target");
        if (target != null && !(target instanceof String)) {
            throw new InvalidInputException("parameter target must be a column name");
        }
        return (String) target;
    }

    private static OutputFormat formatOf(TaskRequest task) {
        try {
            return OutputFormat.of(task.parameters());
        } catch (ContractException e) {
            throw new InvalidInputException(e.getMessage());
        }
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
