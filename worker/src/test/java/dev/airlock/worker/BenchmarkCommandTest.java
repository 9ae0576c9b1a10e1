package dev.airlock.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.common.contract.WorkerExitCode;

/** {@code benchmark} with model configurations; on penguins without Python, so only our rows and the baselines. */
class BenchmarkCommandTest {

    private static final Path PENGUINS = Path.of("../data/penguins.csv");

    @Test
    void aTablesConfigIsWhatItsAirlockRowsTrainWith(@TempDir Path dir) throws Exception {
        // Given: penguins twice, under two names; only "configured" has a config: k = 100 (Torgersen, some 40
        // training rows, is pooled) and declared bounds, on Body Mass narrower than its values (used under
        // differential privacy only, where 275 penguins need their domain declared)
        Path plain = Files.copy(PENGUINS, dir.resolve("plain.csv"));
        Path configured = Files.copy(PENGUINS, dir.resolve("configured.csv"));
        Path config = Files.writeString(dir.resolve("penguins.json"), Files.readString(Path.of("../data/penguins-dp.json"))
                .replace("\"epsilon\": 1.0", "\"k\": 100")
                .replace("\"min\": 2500, \"max\": 6500", "\"min\": 3000, \"max\": 4000"));
        Path work = dir.resolve("work");
        StringWriter out = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setOut(new PrintWriter(out)).execute("benchmark", "--work-dir",
                work.toString(), "--table", plain + ":Species", "--table", configured + ":Species", "--config",
                "configured=" + config);

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.OK);
        assertThat(out.toString()).contains("| configured (344 rows) | airlock |",
                "| configured (344 rows) | airlock ε=1 |", "| plain (344 rows) | airlock |");
        // k = 100 in the airlock row
        assertThat(column(work.resolve("plain/airlock.csv"), 1)).contains("Torgersen");
        assertThat(column(work.resolve("configured/airlock.csv"), 1)).doesNotContain("Torgersen");
        // the bounds in the ε=1 row (and only there: without ε they are not used)
        assertThat(numbers(work.resolve("configured/airlock-dp1.csv"), 5)).isNotEmpty().allMatch(
                mass -> mass >= 3000 && mass <= 4000);
        assertThat(numbers(work.resolve("configured/airlock.csv"), 5)).anyMatch(mass -> mass > 4000);
    }

    @Test
    void aConfigWithItsOwnEpsilonGivesOneAirlockRowLabelledWithIt(@TempDir Path dir) throws Exception {
        // Given
        Path config = Files.writeString(dir.resolve("dp.json"), "{\"privacy\": {\"epsilon\": 0.5}}");
        StringWriter out = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setOut(new PrintWriter(out)).execute("benchmark", "--work-dir",
                dir.resolve("work").toString(), "--table", PENGUINS + ":Species", "--config", "penguins=" + config);

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.OK);
        assertThat(out.toString()).contains("| penguins (344 rows) | airlock ε=0.5 |", "| penguins (344 rows) | marginals |")
                .doesNotContain("| airlock |", "ε=1");
        // 275 penguins with nothing declared are too few for a private range at ε = 0.5: the row says so, the others run
        assertThat(out.toString()).containsPattern("\\| penguins \\(344 rows\\) \\| airlock ε=0.5 \\| refused: differential "
                + "privacy: \\w+ column .+ has too few values for its range").contains("| penguins (344 rows) | identity |");
    }

    @Test
    void theCommittedPenguinsDeclarationsKeepEverySpeciesAtEpsilonOne(@TempDir Path dir) throws Exception {
        // Given: data/penguins-dp.json, the example the docs and benchmarks use
        StringWriter out = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setOut(new PrintWriter(out)).execute("benchmark", "--work-dir",
                dir.resolve("work").toString(), "--table", PENGUINS + ":Species", "--config",
                "penguins=../data/penguins-dp.json");

        // Then: the species are the declared ones (the noise, secret here, decides how many of each), and the
        // declared bounds hold the measurements
        assertThat(exit).isEqualTo(WorkerExitCode.OK);
        assertThat(out.toString()).contains("| penguins (344 rows) | airlock ε=1 |");
        assertThat(column(dir.resolve("work/penguins/airlock-dp1.csv"), 0)).isNotEmpty()
                .allMatch(species -> List.of("Adelie", "Gentoo", "Chinstrap", "_RARE_").contains(species));
        assertThat(numbers(dir.resolve("work/penguins/airlock-dp1.csv"), 5)).isNotEmpty()
                .allMatch(mass -> mass >= 2500 && mass <= 6500);
    }

    @Test
    void aMissingConfigFileIsNamedBeforeAnyWork(@TempDir Path dir) {
        // Given
        Path missing = dir.resolve("no-such-config.json");
        Path work = dir.resolve("work");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                "benchmark", "--work-dir", work.toString(), "--table", PENGUINS + ":Species", "--generated-rows",
                "1000", "--config", "penguins=" + missing);

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(err.toString()).contains("model configuration file " + missing + " does not exist");
        assertThat(out.toString()).isEmpty();
        assertThat(work).doesNotExist();
    }

    @Test
    void aConfigThatIsNotJsonIsNamedBeforeAnyWork(@TempDir Path dir) throws Exception {
        // Given
        Path config = Files.writeString(dir.resolve("broken.json"), "{\"privacy\": {\"k\": 100}\n");
        Path work = dir.resolve("work");
        StringWriter err = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("benchmark", "--work-dir",
                work.toString(), "--table", PENGUINS + ":Species", "--config", "penguins=" + config);

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(err.toString()).contains("model configuration broken.json is not valid JSON at line");
        assertThat(work).doesNotExist();
    }

    @Test
    void aConfigForATableNotBenchmarkedIsRefused(@TempDir Path dir) throws Exception {
        // Given: a misspelt table name, and a setting that is wrong in a well-formed file
        Path config = Files.writeString(dir.resolve("penguins.json"), "{\"privacy\": {\"k\": 100}}");
        Path wrong = Files.writeString(dir.resolve("wrong.json"), "{\"privacy\": {\"kk\": 100}}");
        Path otherTarget = Files.writeString(dir.resolve("island.json"), "{\"target\": \"Island\"}");
        Path noSuchColumn = Files.writeString(dir.resolve("beak.json"),
                "{\"columns\": {\"Beak Lenght (mm)\": {\"type\": \"decimal\"}}}");
        StringWriter err = new StringWriter();

        // When
        int misspelt = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("benchmark", "--work-dir",
                dir.resolve("work").toString(), "--table", PENGUINS + ":Species", "--config", "pengiuns=" + config);
        int unknownSetting = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("benchmark",
                "--work-dir", dir.resolve("work").toString(), "--table", PENGUINS + ":Species", "--config",
                "penguins=" + wrong);
        int conflictingTarget = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("benchmark",
                "--work-dir", dir.resolve("work").toString(), "--table", PENGUINS + ":Species", "--config",
                "penguins=" + otherTarget);

        int unknownColumn = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("benchmark",
                "--work-dir", dir.resolve("work").toString(), "--table", PENGUINS + ":Species", "--table",
                PENGUINS.resolveSibling("seattle-weather.csv") + ":weather", "--config", "seattle-weather=" + noSuchColumn);
        int targetNotAColumn = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("benchmark",
                "--work-dir", dir.resolve("work").toString(), "--table", PENGUINS + ":Specie");

        // Then
        assertThat(misspelt).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(unknownSetting).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(conflictingTarget).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(unknownColumn).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(targetNotAColumn).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(err.toString()).contains("the model configuration names column Beak Lenght (mm), which the table "
                + "does not have; its columns are [date, precipitation, temp_max, temp_min, wind, weather] (table "
                + "seattle-weather)", ":Specie: Specie is not a column of penguins; its columns are [Species, Island,");
        assertThat(err.toString()).contains("--config names table pengiuns, which is not benchmarked; the tables are "
                + "[penguins]", "model configuration setting privacy.kk is unknown (in wrong.json)",
                "the run's target Species differs from the model configuration's target Island");
        assertThat(dir.resolve("work")).doesNotExist();
    }

    /** @return a column's values, the header left out (the sample tables have no quoted separators) */
    private static List<String> column(Path csv, int index) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",", -1)[index]).toList();
    }

    /** @return a column's numbers, its missing values (empty or a token such as {@code NA}) left out */
    private static List<Double> numbers(Path csv, int index) throws IOException {
        return column(csv, index).stream().filter(value -> value.matches("-?[0-9.]+")).map(Double::valueOf).toList();
    }
}
