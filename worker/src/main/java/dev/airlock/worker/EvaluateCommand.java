package dev.airlock.worker;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.synth.Evaluator;
import dev.airlock.synth.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: the quality and privacy report of a synthetic table. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Measure a synthetic table against the real training table and a holdout.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--real", required = true, description = "The table the model was trained on.")
    Path real;

    @Option(names = "--holdout", required = true, description = "Rows of the same population the model never saw.")
    Path holdout;

    @Option(names = "--synthetic", required = true, description = "The synthetic table.")
    Path synthetic;

    @Option(names = "--report", required = true, description = "Where to write the report (JSON).")
    Path report;

    @Option(names = "--target", description = "A column to predict for the ML-utility score.")
    String target;

    @Option(names = "--k", defaultValue = "10", description = "Histogram bins under k real rows are pooled (default: ${DEFAULT-VALUE}).")
    int k;

    @Override
    public Integer call() throws Exception {
        Report result = Evaluator.evaluate(real, holdout, synthetic, target, k);
        write(result, report);
        Double sdmetrics = result.quality().sdmetrics().score();
        System.err.printf("quality %.3f (shapes %.3f, pair trends %.3f; SDMetrics' score %s); copies %.4f vs natural "
                + "%.4f; train-closer share %.3f -> %s%n", result.quality().overall(), result.quality().columnShapes(),
                result.quality().columnPairTrends(), sdmetrics == null ? "none" : String.format("%.3f", sdmetrics),
                result.privacy().exactCopyRate(),
                result.privacy().naturalCopyRate(), result.privacy().trainCloserShare(), report);
        return WorkerExitCode.OK;
    }

    static void write(Report result, Path file) throws java.io.IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            result.write(out);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
