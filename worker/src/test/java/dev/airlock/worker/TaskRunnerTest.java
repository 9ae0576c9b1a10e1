package dev.airlock.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.ContractException;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.OutputLocation;
import dev.airlock.common.contract.Requester;
import dev.airlock.common.contract.TaskLimits;
import dev.airlock.common.contract.TaskPaths;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.TaskType;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.testing.S3ProxyServer;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.ProgressListener;
import dev.airlock.synth.SynthConfig;
import dev.airlock.synth.SynthModel;
import dev.airlock.synth.Synthesizer;

/** Generate tasks against a real S3 server: the model read from its train task, the table written as asked. */
class TaskRunnerTest {

    private static final String BUCKET = "airlock-shared";
    private static final String PROJECT = "demo";
    private static final String MODEL_TASK = "5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c11";
    private static final Path PENGUINS = Path.of("../data/penguins.csv");
    private static S3ProxyServer s3;
    private static ObjectStore store;
    private static SynthModel model;

    @TempDir
    Path scratch;

    @BeforeAll
    static void startStoreWithAModel() throws Exception {
        s3 = S3ProxyServer.start();
        store = new ObjectStore(s3.settings());
        store.ensureBucket(BUCKET);
        model = Synthesizer.train(PENGUINS, SynthConfig.defaults(), 1, ProgressListener.NONE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes);
        store.put(BUCKET, TaskPaths.prefix(PROJECT, MODEL_TASK) + TaskPaths.MODEL, bytes.toByteArray(),
                "application/octet-stream");
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    @Test
    void aGenerateTaskAskingForParquetUploadsAParquetTable() throws Exception {
        // Given
        TaskRequest task = generate("6a1d8b2f-4c8e-4d3b-8b72-1e3c9f5a7d22", Map.of("rows", 120, "format", "parquet"));

        // When
        WorkerResult result = runner().run(task);

        // Then
        String key = task.output().prefix() + "synthetic.parquet";
        assertThat(result.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(result.artifacts()).extracting(Artifact::name, Artifact::key)
                .containsExactly(Tuple.tuple("synthetic", key));
        assertThat(store.list(BUCKET, task.output().prefix())).containsExactly(key);
        Path downloaded = scratch.resolve("downloaded.parquet");
        store.download(BUCKET, key, downloaded);
        assertThat(new String(Files.readAllBytes(downloaded), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        // the engine reads it back as a table of the model's columns
        SynthModel readBack = Synthesizer.train(downloaded, SynthConfig.defaults(), 1, ProgressListener.NONE);
        assertThat(readBack.trainingRows()).isEqualTo(120);
        assertThat(readBack.columnNames()).isEqualTo(model.columnNames());
    }

    @Test
    void aGenerateTaskWithoutAFormatStillWritesSyntheticCsv() throws Exception {
        // Given
        TaskRequest task = generate("6a1d8b2f-4c8e-4d3b-8b72-1e3c9f5a7d23", Map.of("rows", 10));

        // When
        WorkerResult result = runner().run(task);

        // Then
        String key = task.output().prefix() + TaskPaths.SYNTHETIC;
        assertThat(result.artifacts()).extracting(Artifact::key).containsExactly(key);
        assertThat(new String(store.read(BUCKET, key), StandardCharsets.UTF_8).lines()).hasSize(11);
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheAllowedOnes() {
        // Given
        TaskRequest task = generate("6a1d8b2f-4c8e-4d3b-8b72-1e3c9f5a7d24", Map.of("rows", 10, "format", "xlsx"));

        // When / Then: the worker refuses the task file, and the runner the task, before anything is written
        assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.encode(task), TaskRequest.class))
                .isInstanceOf(ContractException.class)
                .hasMessage("TaskRequest: parameter format must be one of csv, csv.gz, jsonl, parquet");
        assertThatThrownBy(() -> runner().run(task)).isInstanceOf(InvalidInputException.class)
                .hasMessage("parameter format must be one of csv, csv.gz, jsonl, parquet");
        assertThat(store.list(BUCKET, task.output().prefix())).isEmpty();
    }

    private TaskRunner runner() {
        return new TaskRunner(new WorkerSettings(s3.settings(), BUCKET, null, scratch), ProgressListener.NONE);
    }

    private static TaskRequest generate(String taskId, Map<String, Object> parameters) {
        return new TaskRequest(Contract.SCHEMA_VERSION, taskId, PROJECT, TaskType.GENERATE, null, null, MODEL_TASK,
                JsonNodeFactory.instance.objectNode(), parameters,
                new OutputLocation(TaskPaths.prefix(PROJECT, taskId)), new Requester("tester", null),
                new TaskLimits(3600), Instant.now(), null);
    }
}
