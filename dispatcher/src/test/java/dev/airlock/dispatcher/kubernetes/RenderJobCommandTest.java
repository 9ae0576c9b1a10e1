package dev.airlock.dispatcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class RenderJobCommandTest {

    static final Path CASES = JobFactoryTest.CASES;

    @Test
    void printsTheGoldenJobAndASecretWithHiddenValues() throws Exception {
        // Given
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new RenderJobCommand()).setOut(new PrintWriter(out));

        // When
        int exit = command.execute("--task", CASES.resolve("train/task.json").toString(), "--config",
                CASES.resolve("zone.properties").toString());

        // Then
        assertThat(exit).isZero();
        // the chart passes the store endpoint as an environment variable, not in zone.properties
        String golden = Files.readString(CASES.resolve("train/job.yaml")).replace("http://airlock-minio:9000",
                "http://127.0.0.1:9000");
        assertThat(out.toString()).startsWith(golden);
        assertThat(out.toString()).contains("kind: \"Secret\"", "AIRLOCK_S3_SECRET_KEY: \"<hidden>\"",
                "task.json: \"<hidden>\"");
    }

    @Test
    void aWorkerClassTheConfigLacksExitsWithTwoNamingIt() {
        // Given
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new RenderJobCommand()).setErr(new PrintWriter(err));

        // When
        int exit = command.execute("--task", CASES.resolve("gpu/task.json").toString(), "--config",
                CASES.resolve("short-limit-minimal-config/config.properties").toString());

        // Then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("render-job: worker class 'gpu' is not configured in zone lab"
                + System.lineSeparator());
    }
}
