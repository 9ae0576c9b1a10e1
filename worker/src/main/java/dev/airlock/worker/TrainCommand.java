package dev.airlock.worker;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.synth.SynthModel;
import dev.airlock.synth.Synthesizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: a model from a local table. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a synthesizer on a local table.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "The source table (.csv, .csv.gz).")
    Path input;

    @Option(names = "--model", required = true, description = "Where to write the model file.")
    Path model;

    @Option(names = "--config", description = "Model configuration, JSON or YAML-free JSON object (optional).")
    Path config;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        var synthConfig = ModelConfigs.read(config);
        SynthModel trained = Synthesizer.train(input, synthConfig, seed, ConsoleProgress.STDERR);
        Path partial = model.resolveSibling(model.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            trained.write(out);
        }
        Files.move(partial, model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.err.printf("trained on %d rows, %d columns -> %s%n", trained.trainingRows(),
                trained.columnNames().size(), model);
        return WorkerExitCode.OK;
    }
}
