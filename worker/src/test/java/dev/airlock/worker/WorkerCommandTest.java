package dev.airlock.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.synth.testing.ParquetFixtures;

/** The standalone command on local files. */
class WorkerCommandTest {

    private static final Path PENGUINS = Path.of("../data/penguins.csv");

    @Test
    void trainThenGenerateWritesATableWithTheSameColumns(@TempDir Path dir) throws Exception {
        // Given
        Path model = dir.resolve("penguins.airlock");
        Path output = dir.resolve("out.csv");
        int trained = run("train", "--input", PENGUINS.toString(), "--model", model.toString(), "--seed", "5");

        // When
        int generated = run("generate", "--model", model.toString(), "--rows", "1000", "--output", output.toString(),
                "--seed", "5");

        // Then
        assertThat(trained).isEqualTo(WorkerExitCode.OK);
        assertThat(generated).isEqualTo(WorkerExitCode.OK);
        List<String> lines = Files.readAllLines(output);
        assertThat(lines.get(0)).isEqualTo(Files.readAllLines(PENGUINS).get(0));
        assertThat(lines).hasSize(1001);
        assertThat(dir.resolve("out.csv.partial.csv")).doesNotExist();
    }

    @Test
    void theSameSeedGivesTheSameModelAndTable(@TempDir Path dir) throws Exception {
        // Given
        run("train", "--input", PENGUINS.toString(), "--model", dir.resolve("a.airlock").toString(), "--seed", "9");
        run("train", "--input", PENGUINS.toString(), "--model", dir.resolve("b.airlock").toString(), "--seed", "9");

        // When
        run("generate", "--model", dir.resolve("a.airlock").toString(), "--rows", "200", "--output",
                dir.resolve("a.csv").toString(), "--seed", "2");
        run("generate", "--model", dir.resolve("b.airlock").toString(), "--rows", "200", "--output",
                dir.resolve("b.csv").toString(), "--seed", "2");

        // Then
        assertThat(Files.readAllBytes(dir.resolve("a.airlock"))).isEqualTo(Files.readAllBytes(dir.resolve("b.airlock")));
        assertThat(Files.readString(dir.resolve("a.csv"))).isEqualTo(Files.readString(dir.resolve("b.csv")));
    }

    @Test
    void raggedInputExitsWithInvalidInputAndWritesNoModel(@TempDir Path dir) throws Exception {
        // Given
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b,c\n1,2,3\n4,5\n");
        Path model = dir.resolve("m.airlock");
        StringWriter err = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setErr(new PrintWriter(err))
                .execute("train", "--input", ragged.toString(), "--model", model.toString());

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(err.toString()).contains("row 3");
        assertThat(model).doesNotExist();
        assertThat(dir.resolve("m.airlock.partial")).doesNotExist();
    }

    @Test
    void aParquetTableTrainsAndGeneratesParquetTheSameForTheSameSeed(@TempDir Path dir) throws Exception {
        // Given
        Path input = dir.resolve("penguins.parquet");
        ParquetFixtures.fromCsv(PENGUINS, input);
        Path model = dir.resolve("penguins.airlock");
        int trained = run("train", "--input", input.toString(), "--model", model.toString(), "--seed", "5");

        // When
        int generated = run("generate", "--model", model.toString(), "--rows", "1000", "--output",
                dir.resolve("a.parquet").toString(), "--seed", "5");
        run("generate", "--model", model.toString(), "--rows", "1000", "--output", dir.resolve("b.parquet").toString(),
                "--seed", "5");

        // Then
        assertThat(trained).isEqualTo(WorkerExitCode.OK);
        assertThat(generated).isEqualTo(WorkerExitCode.OK);
        assertThat(dir.resolve("penguins.sample.csv")).exists();
        byte[] a = Files.readAllBytes(dir.resolve("a.parquet"));
        assertThat(new String(a, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(a).isEqualTo(Files.readAllBytes(dir.resolve("b.parquet")));
        assertThat(dir.resolve("a.parquet.partial.parquet")).doesNotExist();
        // a Parquet output is itself a table the worker reads
        assertThat(run("train", "--input", dir.resolve("a.parquet").toString(), "--model",
                dir.resolve("again.airlock").toString())).isEqualTo(WorkerExitCode.OK);
    }

    @Test
    void aTruncatedParquetTableExitsWithInvalidInputAndWritesNoModel(@TempDir Path dir) throws Exception {
        // Given
        Path whole = dir.resolve("whole.parquet");
        ParquetFixtures.fromCsv(PENGUINS, whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.parquet"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        Path model = dir.resolve("m.airlock");
        StringWriter err = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setErr(new PrintWriter(err))
                .execute("train", "--input", truncated.toString(), "--model", model.toString());

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(err.toString()).contains("damaged Parquet file");
        assertThat(model).doesNotExist();
        assertThat(dir.resolve("m.airlock.partial")).doesNotExist();
    }

    @Test
    void anUnknownColumnInTheConfigIsNamed(@TempDir Path dir) throws Exception {
        // Given
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"columns\": {\"Wingspan\": {\"type\": \"decimal\"}}}");
        StringWriter err = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("train", "--input",
                PENGUINS.toString(), "--model", dir.resolve("m.airlock").toString(), "--config", config.toString());

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(err.toString()).contains("Wingspan");
    }

    @Test
    void aTargetThatIsNoColumnIsNamedBeforeTrainingAndATargetOtherThanTheConfigsIsRefused(@TempDir Path dir)
            throws Exception {
        // Given
        Path config = Files.writeString(dir.resolve("config.json"), "{\"target\": \"Island\"}");
        StringWriter noColumn = new StringWriter();
        StringWriter other = new StringWriter();

        // When
        int exitNoColumn = WorkerCommand.commandLine().setErr(new PrintWriter(noColumn)).execute("train", "--input",
                PENGUINS.toString(), "--model", dir.resolve("m.airlock").toString(), "--target", "Wingspan");
        int exitOther = WorkerCommand.commandLine().setErr(new PrintWriter(other)).execute("train", "--input",
                PENGUINS.toString(), "--model", dir.resolve("m.airlock").toString(), "--config", config.toString(),
                "--target", "Species");

        // Then
        assertThat(exitNoColumn).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(noColumn.toString()).contains("names column Wingspan, which the table does not have");
        assertThat(exitOther).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(other.toString()).contains("the run's target Species differs from the model configuration's "
                + "target Island");
        assertThat(dir.resolve("m.airlock")).doesNotExist();
    }

    @Test
    void aConfigThatIsNoFileIsNamedAsSuch(@TempDir Path dir) throws Exception {
        // Given: the JSON itself where its file's path belongs
        StringWriter err = new StringWriter();

        // When
        int exit = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("train", "--input",
                PENGUINS.toString(), "--model", dir.resolve("m.airlock").toString(), "--config",
                "{\"privacy\":{\"epsilon\":1.0}}");

        // Then
        assertThat(exit).isEqualTo(WorkerExitCode.INVALID_INPUT);
        assertThat(err.toString()).contains("model configuration file {\"privacy\":{\"epsilon\":1.0}} does not exist "
                + "(--config takes the path of a JSON file)");
        assertThat(dir.resolve("m.airlock")).doesNotExist();
    }

    @Test
    void helpAndWrongUsageHaveTheirExitCodes() {
        // Given
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // When
        int help = WorkerCommand.commandLine().setOut(new PrintWriter(out)).execute("--help");
        int wrong = WorkerCommand.commandLine().setErr(new PrintWriter(err)).execute("generate", "--rows", "x");

        // Then
        assertThat(help).isZero();
        assertThat(out.toString()).contains("train", "generate", "run-task");
        assertThat(wrong).isEqualTo(WorkerExitCode.USAGE);
    }

    private static int run(String... args) {
        return WorkerCommand.commandLine().execute(args);
    }
}
