package dev.airlock.worker;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.synth.CopyGuard;
import dev.airlock.synth.Evaluator;
import dev.airlock.synth.Report;
import dev.airlock.synth.SynthModel;
import dev.airlock.synth.Synthesizer;
import dev.airlock.synth.TableSplitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: a model from a local table, and with a holdout its report and a small sample. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a synthesizer on a local table.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "The source table: CSV or JSON Lines, optionally gzip-compressed, or Parquet "
            + "(recognised by content).")
    Path input;

    @Option(names = "--model", required = true, description = "Where to write the model file.")
    Path model;

    @Option(names = "--config", description = "Model configuration, a JSON object (optional).")
    Path config;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--holdout-fraction", defaultValue = "0.2", description = "Share of rows held out to measure the "
            + "model; 0 trains on every row and writes no report (default: ${DEFAULT-VALUE}).")
    double holdoutFraction;

    @Option(names = "--report", description = "Where to write the report (default: next to the model, .report.json).")
    Path report;

    @Option(names = "--sample", description = "Where to write the synthetic table the report measured, as many rows "
            + "as the training part (default: next to the model, .sample.csv).")
    Path sample;

    @Option(names = "--target", description = "The column the synthetic data will be used to predict: the model is "
            + "built around it (as the configuration's target) and the report scores ML utility on it.")
    String target;

    @Override
    public Integer call() throws Exception {
        var synthConfig = ModelConfigs.read(config).withTarget(target);
        Path scratch = Files.createTempDirectory("airlock-train");
        try {
            Path trainingTable = input;
            Path holdout = null;
            if (holdoutFraction > 0) {
                Path trainPart = scratch.resolve("train.csv");
                holdout = scratch.resolve("holdout.csv");
                TableSplitter.Split split = TableSplitter.split(input, holdoutFraction, seed, trainPart, holdout);
                if (split.measurable()) {
                    trainingTable = trainPart;
                } else {
                    holdout = null;
                }
            }
            SynthModel trained = Synthesizer.train(trainingTable, synthConfig, seed, ConsoleProgress.STDERR);
            Path partial = model.resolveSibling(model.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                trained.write(out);
            }
            if (holdout != null) {
                Path sampleFile = sample != null ? sample : sibling(".sample.csv");
                Path samplePartial = scratch.resolve("sample.csv");
                trained.sample(trained.trainingRows(), seed, samplePartial, ConsoleProgress.STDERR,
                        CopyGuard.forTraining(synthConfig, trainingTable, holdout));
                Report result = Evaluator.evaluate(trainingTable, holdout, samplePartial, synthConfig.target(),
                        synthConfig.k());
                EvaluateCommand.write(result, report != null ? report : sibling(".report.json"));
                Files.move(samplePartial, sampleFile, StandardCopyOption.REPLACE_EXISTING);
                System.err.printf("quality %.3f; copies %.4f vs natural %.4f; train-closer share %.3f%n",
                        result.quality().overall(), result.privacy().exactCopyRate(),
                        result.privacy().naturalCopyRate(), result.privacy().trainCloserShare());
            }
            Files.move(partial, model, StandardCopyOption.REPLACE_EXISTING);
            System.err.printf("trained on %d rows, %d columns -> %s%n", trained.trainingRows(),
                    trained.columnNames().size(), model);
            return WorkerExitCode.OK;
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Path sibling(String suffix) {
        String name = model.getFileName().toString();
        String base = name.endsWith(".airlock") ? name.substring(0, name.length() - ".airlock".length()) : name;
        return model.resolveSibling(base + suffix);
    }
}
