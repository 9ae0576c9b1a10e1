package dev.airlock.worker;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.synth.SynthModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: synthetic rows from a model file. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate synthetic rows from a model.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A model written by train.")
    Path model;

    @Option(names = "--rows", required = true, description = "How many rows to write.")
    long rows;

    @Option(names = "--output", required = true, description = "Where to write the table (.csv, .jsonl, either with .gz, or .parquet).")
    Path output;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (rows < 0) {
            throw new dev.airlock.synth.InvalidInputException("--rows must not be negative");
        }
        SynthModel loaded;
        try (InputStream in = Files.newInputStream(model)) {
            loaded = SynthModel.read(in);
        }
        Path partial = output.resolveSibling(output.getFileName() + ".partial" + extensionOf(output));
        loaded.sample(rows, seed, partial, ConsoleProgress.STDERR);
        Files.move(partial, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.err.printf("wrote %d rows -> %s%n", rows, output);
        return WorkerExitCode.OK;
    }

    /** Keeps the format-bearing ending so the partial file is written in the output's format. */
    static String extensionOf(Path file) {
        String name = file.getFileName().toString();
        for (String compressed : new String[] { ".csv.gz", ".jsonl.gz" }) {
            if (name.endsWith(compressed)) {
                return compressed;
            }
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
