package dev.airlock.worker;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.synth.CopyGuard;
import dev.airlock.synth.Evaluator;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.ProgressListener;
import dev.airlock.synth.Report;
import dev.airlock.synth.SynthConfig;
import dev.airlock.synth.SynthModel;
import dev.airlock.synth.Synthesizer;
import dev.airlock.synth.TableSplitter;
import dev.airlock.synth.UnreleasableColumnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code benchmark}: our synthesizer beside the independent-marginals baseline, the identity reference (the training
 * table itself) and, when Python with scikit-learn is there, the sequential-CART reference generator and the
 * independent judge, on the same splits. Prints a Markdown table. A table's model configuration ({@code --config
 * TABLE=FILE}, read as {@code train --config} reads it) is what its airlock rows train with.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, description = "Compare synthesizers on sample tables (speed, memory, quality, utility, privacy).")
final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--table", required = true, description = "FILE:TARGET, repeatable.")
    List<String> tables;

    @Option(names = "--config", paramLabel = "TABLE=FILE", description = "Model configuration (a JSON file, as for "
            + "train --config) for the table named TABLE: its file name without .csv, as in the output's first column "
            + "(generated-N for --generated-rows N). The airlock rows use it, the ε=1 row too with privacy.epsilon set "
            + "to 1 unless it sets its own (then one row, labelled with that ε). Repeatable, one per table.")
    Map<String, Path> configFiles = new LinkedHashMap<>();

    @Option(names = "--generated-rows", description = "Also run on a generated 15-column table of this many rows "
            + "(repeatable).")
    List<Long> generatedRows = new ArrayList<>();

    @Option(names = "--tools", description = "Directory of judge.py and cart_baseline.py (optional).")
    Path tools;

    @Option(names = "--work-dir", defaultValue = "target/benchmark", description = "Scratch directory (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--no-python", description = "Skip the Python reference and judge even when --tools is given.")
    boolean noPython;

    @Option(names = "--python-max-rows", defaultValue = "100000", description = "Skip the Python tools on larger tables (default: ${DEFAULT-VALUE}).")
    long pythonMaxRows;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        List<String[]> inputs = new ArrayList<>();
        for (String table : tables) {
            int colon = table.lastIndexOf(':');
            inputs.add(new String[] { table.substring(0, colon), table.substring(colon + 1) });
        }
        for (long rows : generatedRows) {
            inputs.add(new String[] { workDir.resolve("generated-" + rows + ".csv").toString(), "income" });
        }
        Map<String, SynthConfig> configs = readConfigs(inputs.stream().map(input -> name(Path.of(input[0]))).toList());
        for (String[] input : inputs) {
            // a configuration naming another target than its table's, a column the table lacks, or a target that is
            // not a column stops the command before any work
            Path table = Path.of(input[0]);
            SynthConfig config = configs.getOrDefault(name(table), SynthConfig.defaults()).withTarget(input[1]);
            List<String> columns = name(table).startsWith("generated-") && !Files.exists(table)
                    ? GeneratedTable.COLUMNS
                    : Synthesizer.columns(table);
            if (!columns.contains(input[1])) {
                throw new InvalidInputException("--table " + input[0] + ":" + input[1] + ": " + input[1]
                        + " is not a column of " + name(table) + "; its columns are " + columns);
            }
            try {
                config.validateAgainst(columns);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.getMessage() + " (table " + name(table) + ")");
            }
        }
        Files.createDirectories(workDir);
        for (long rows : generatedRows) {
            Path generated = workDir.resolve("generated-" + rows + ".csv");
            if (!Files.exists(generated)) {
                GeneratedTable.write(generated, rows, 7);
            }
        }
        out.println("| table | method | fit s | sample rows/s | peak heap MiB | shapes | pair trends | "
                + "AUC ratio | copies | natural | train-closer | MIA AUC | SDMetrics: shapes / pair trends | "
                + "DCR: synthetic / holdout | judge: pairs / AUC ratio / copies / closer |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (String[] input : inputs) {
            Path table = Path.of(input[0]);
            run(table, input[1], configs.getOrDefault(name(table), SynthConfig.defaults()));
        }
        out.flush();
        return WorkerExitCode.OK;
    }

    /** Every {@code --config} file read and checked before any work, so that a wrong one costs nothing. */
    private Map<String, SynthConfig> readConfigs(List<String> names) throws IOException {
        Map<String, SynthConfig> configs = new LinkedHashMap<>();
        for (Map.Entry<String, Path> entry : configFiles.entrySet()) {
            if (!names.contains(entry.getKey())) {
                throw new InvalidInputException("--config names table " + entry.getKey()
                        + ", which is not benchmarked; the tables are " + names);
            }
            configs.put(entry.getKey(), ModelConfigs.read(entry.getValue()));
        }
        return configs;
    }

    /** @return a table's name in the output and the work directory: its file name without {@code .csv} */
    static String name(Path table) {
        return table.getFileName().toString().replace(".csv", "");
    }

    /**
     * The configured model, and its differentially private variant at ε = 1; one row when the configuration sets its
     * own ε, labelled with it.
     */
    private static List<Method> airlockMethods(SynthConfig config) {
        if (config.epsilon() != null) {
            return List.of(new Method("airlock ε=" + plain(config.epsilon()), config, true));
        }
        SynthConfig dp = new SynthConfig(config.synthesizer(), config.columns(), config.k(), config.maxBins(), 1.0,
                null, config.bounds(), config.values(), config.target());
        return List.of(new Method("airlock", config, true), new Method("airlock ε=1", dp, false));
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * A row of the output: a synthesizer with its configuration, or (config {@code null}) a reference.
     *
     * @param main the configured airlock model or the reference generator: the rows the judge measures; the airlock
     *        one samples with the copy guard as {@code train} does
     */
    private record Method(String label, SynthConfig config, boolean main) {
    }

    private void run(Path table, String target, SynthConfig config) throws Exception {
        String name = name(table);
        Path dir = Files.createDirectories(workDir.resolve(name));
        Path train = dir.resolve("train.csv");
        Path holdout = dir.resolve("holdout.csv");
        TableSplitter.Split split = TableSplitter.split(table, 0.2, 1, train, holdout);
        String rows = String.format(Locale.ROOT, "%s (%,d rows)", name, split.rowsTrain() + split.rowsHoldout());
        boolean python = tools != null && !noPython && split.rowsTrain() <= pythonMaxRows
                && Files.exists(tools.resolve("judge.py"));
        // the table's target is the model's too, as a run that names one trains for it
        List<Method> methods = new ArrayList<>(airlockMethods(config.withTarget(target)));
        methods.add(new Method("marginals", SynthConfig.fromMap(Map.of("synthesizer", SynthConfig.MARGINALS)), false));
        methods.add(new Method("identity", null, false));
        methods.add(new Method("cart", null, true));
        for (Method row : methods) {
            String method = row.label();
            Path synthetic = dir.resolve(method.replace(" ε=", "-dp") + ".csv");
            double fitSeconds;
            double rowsPerSecond = Double.NaN;
            double peak = Double.NaN;
            if (method.equals("identity")) {
                Files.copy(train, synthetic, StandardCopyOption.REPLACE_EXISTING);
                fitSeconds = 0;
            } else if (method.equals("cart")) {
                if (!python) {
                    continue;
                }
                long start = System.nanoTime();
                String result = python(tools.resolve("cart_baseline.py").toString(), train.toString(),
                        synthetic.toString());
                fitSeconds = result == null ? Double.NaN : (System.nanoTime() - start) / 1e9;
                if (result == null) {
                    continue;
                }
            } else {
                CopyGuard guard = row.main() ? CopyGuard.forTraining(row.config(), train, holdout) : null;
                System.gc();
                resetPeaks();
                long start = System.nanoTime();
                SynthModel model;
                try {
                    model = Synthesizer.train(train, row.config(), 1, ProgressListener.NONE);
                } catch (UnreleasableColumnException refused) {
                    // as train would refuse it (a differentially private range the table is too small for): the
                    // other rows still run
                    out.printf(Locale.ROOT, "| %s | %s | refused: %s |%s%n", rows, method,
                            refused.getMessage().replace("|", "\\|"), " |".repeat(12));
                    out.flush();
                    continue;
                }
                fitSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                model.sample(split.rowsTrain(), 1, synthetic, ProgressListener.NONE, guard);
                rowsPerSecond = split.rowsTrain() / ((System.nanoTime() - start) / 1e9);
                peak = peakHeapMiB();
            }
            Report report = Evaluator.evaluate(train, holdout, synthetic, target, 10);
            String judge = python && row.main() ? judge(train, holdout, synthetic, target) : "";
            var ml = report.quality().mlUtility();
            out.printf(Locale.ROOT,
                    "| %s | %s | %.2f | %s | %s | %.3f | %.3f | %.3f | %.4f | %.4f | %.3f | %.3f | %s | %s | %s |%n", rows,
                    method, fitSeconds, Double.isNaN(rowsPerSecond) ? "" : String.format("%,.0f", rowsPerSecond),
                    Double.isNaN(peak) ? "" : String.format(Locale.ROOT, "%.0f", peak),
                    report.quality().columnShapes(), report.quality().columnPairTrends(),
                    ml == null ? Double.NaN : ml.ratio(), report.privacy().exactCopyRate(),
                    report.privacy().naturalCopyRate(), report.privacy().trainCloserShare(),
                    report.privacy().membershipInferenceAuc(), sdmetrics(report.quality().sdmetrics()),
                    dcr(report.privacy().dcrBaselineProtection()), judge);
            out.flush();
        }
    }

    private static String sdmetrics(Report.Sdmetrics sdmetrics) {
        return String.format(Locale.ROOT, "%s / %s", score(sdmetrics.columnShapes()),
                score(sdmetrics.columnPairTrends()));
    }

    /** @return the synthetic and the holdout rows' median distance to the closest training row */
    private static String dcr(Report.DcrBaselineProtection dcr) {
        return dcr == null ? "–"
                : String.format(Locale.ROOT, "%.3f / %s", dcr.syntheticMedian(),
                        score(dcr.holdoutMedian()));
    }

    private static String score(Double score) {
        return score == null ? "–" : String.format(Locale.ROOT, "%.3f", score);
    }

    private String judge(Path train, Path holdout, Path synthetic, String target) throws Exception {
        String out = python(tools.resolve("judge.py").toString(), train.toString(), holdout.toString(),
                synthetic.toString(), target);
        if (out == null) {
            return "failed";
        }
        JsonNode json = MessageCodec.mapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        return String.format(Locale.ROOT, "%.3f / %.3f / %.4f / %.3f", json.path("pair_trends").asDouble(),
                json.path("auc_ratio").asDouble(), json.path("copy_rate").asDouble(),
                json.path("train_closer_share").asDouble());
    }

    /** @return the program's standard output, or null when it failed */
    private static String python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            return null;
        }
        return out;
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static double peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024.0);
    }

    /**
     * A census-like table with known dependencies: age drives education, marriage and children; education drives
     * occupation and income; income drives the target class.
     */
    static final class GeneratedTable {
        private static final String[] EDUCATION = { "none", "school", "college", "bachelor", "master", "doctorate" };
        private static final String[] OCCUPATION = { "service", "crafts", "sales", "clerical", "technical",
                "management", "professional", "research" };
        private static final String[] SEX = { "female", "male" };
        static final List<String> COLUMNS = List.of("age", "sex", "education", "occupation", "hours", "region",
                "married", "children", "joined", "tenure", "score", "savings", "commute", "rating", "income");

        static void write(Path file, long rows, long seed) throws IOException {
            SplittableRandom random = new SplittableRandom(seed);
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(String.join(",", COLUMNS) + "\n");
                for (long r = 0; r < rows; r++) {
                    int age = 18 + (int) Math.min(72, Math.abs(random.nextGaussian() * 15 + 22));
                    String sex = SEX[random.nextInt(2)];
                    int education = Math.max(0,
                            Math.min(5, (int) Math.round(random.nextGaussian() * 1.2 + 1.5 + Math.min(age, 30) / 15.0)));
                    int occupation = Math.max(0,
                            Math.min(7, education + random.nextInt(3) - 1 + (random.nextInt(4) == 0 ? 2 : 0)));
                    int hours = (int) Math.max(5, Math.min(80, Math.round(random.nextGaussian() * 8 + 38
                            + (sex.equals("male") ? 3 : 0))));
                    String region = "R" + (1 + (int) Math.min(39, Math.abs(random.nextGaussian() * 12)));
                    boolean married = random.nextDouble() < Math.min(0.8, (age - 18) / 40.0);
                    int children = married ? (int) Math.max(0, Math.round(random.nextGaussian() + 1.5)) : 0;
                    long joined = 14_600 + random.nextInt(6_000) - Math.min(age - 18, 15) * 300L;
                    double tenure = Math.max(0, (20_600 - joined) / 365.0 + random.nextGaussian());
                    double score = Math.round((random.nextGaussian() * 10 + 50 + education * 3) * 10) / 10.0;
                    double savings = Math.max(0,
                            Math.round(Math.exp(random.nextGaussian() + 8 + education * 0.2) * 100) / 100.0);
                    double commute = Math.round(Math.abs(random.nextGaussian() * 15 + 25) * 10) / 10.0;
                    int rating = 1 + Math.min(4, Math.max(0, (int) Math.round(random.nextGaussian() + 2)));
                    double earnings = 18_000 + education * 9_000 + occupation * 2_500 + hours * 250
                            + random.nextGaussian() * 9_000;
                    String income = earnings > 50_000 ? ">50K" : "<=50K";
                    out.write(age + "," + sex + "," + EDUCATION[education] + "," + OCCUPATION[occupation] + ","
                            + hours + "," + region + "," + married + "," + children + ","
                            + java.time.LocalDate.ofEpochDay(joined) + ","
                            + String.format(Locale.ROOT, "%.1f", tenure) + "," + score + "," + savings + ","
                            + commute + "," + rating + "," + income + "\n");
                }
            }
        }
    }
}
