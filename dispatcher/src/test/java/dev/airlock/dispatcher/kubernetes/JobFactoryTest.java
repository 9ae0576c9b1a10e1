package dev.airlock.dispatcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.dispatcher.launch.UnknownWorkerClassException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Golden files: {@code JobFactoryTest/<case>/task.json} with the chart's {@code zone.properties} (or the case's own
 * {@code config.properties}) renders exactly {@code job.yaml}. Run with {@code -Dgolden.update=true} to rewrite them;
 * a changed golden file is a reviewed change.
 */
class JobFactoryTest {

    static final Path CASES = Path.of("src/test/resources/JobFactoryTest");
    static final Map<String, String> ENVIRONMENT = Map.of(
            WorkerEnvironment.S3_ENDPOINT, "http://airlock-minio:9000",
            WorkerEnvironment.S3_ACCESS_KEY, "access-key-never-in-the-job",
            WorkerEnvironment.S3_SECRET_KEY, "secret-key-never-in-the-job",
            WorkerEnvironment.S3_REGION, "us-east-1",
            WorkerEnvironment.SHARED_BUCKET, "airlock-shared",
            WorkerEnvironment.SOURCE_BUCKET, "airlock-source",
            WorkerEnvironment.SOURCE_KEY, "helm-test/ten-rows.csv");

    /**
     * @param task a task
     * @return {@link #ENVIRONMENT} with the task's heartbeat settings, as the intake and {@code render-job} add them
     */
    static Map<String, String> environment(TaskRequest task) {
        Map<String, String> environment = new java.util.HashMap<>(ENVIRONMENT);
        environment.put(WorkerEnvironment.HEARTBEAT_URL,
                "http://127.0.0.1:8081/internal/tasks/" + task.taskId() + "/heartbeat");
        environment.put(WorkerEnvironment.HEARTBEAT_TOKEN, "token-never-in-the-job");
        environment.put(WorkerEnvironment.HEARTBEAT_INTERVAL, "15");
        return environment;
    }

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    static JobFactory factoryFor(Path caseDir) {
        Path own = caseDir.resolve("config.properties");
        return new JobFactory(JobSettingsLoader.load(Files.exists(own) ? own : CASES.resolve("zone.properties")));
    }

    static TaskRequest task(Path caseDir) throws IOException {
        return MessageCodec.decode(Files.readAllBytes(caseDir.resolve("task.json")), TaskRequest.class);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rendersTheGoldenJob(String name) throws IOException {
        // Given
        Path caseDir = CASES.resolve(name);
        JobFactory factory = factoryFor(caseDir);
        TaskRequest task = task(caseDir);

        // When
        String yaml = YAML.asYaml(factory.job(task, environment(task)));

        // Then
        Path golden = caseDir.resolve("job.yaml");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, yaml);
        }
        assertThat(golden).as("golden file %s (create it with -Dgolden.update=true)", golden).exists();
        assertThat(yaml).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(yaml).doesNotContain("never-in-the-job");
    }

    @Test
    void theSecretHoldsTheSignedTaskAndTheCredentialsAndIsOwnedByTheJob() throws IOException {
        // Given
        Path caseDir = CASES.resolve("train");
        JobFactory factory = factoryFor(caseDir);
        TaskRequest task = task(caseDir);
        Job created = new JobBuilder(factory.job(task, environment(task))).editMetadata().withUid("uid-1")
                .endMetadata()
                .build();

        // When
        Secret secret = JobFactory.ownedBy(factory.secret(task, environment(task)), created);

        // Then
        assertThat(secret.getMetadata().getName()).isEqualTo("airlock-" + task.taskId());
        assertThat(secret.getMetadata().getLabels()).containsEntry(JobFactory.TASK_ID_LABEL, task.taskId());
        assertThat(secret.getStringData()).containsOnlyKeys("task.json", WorkerEnvironment.S3_ACCESS_KEY,
                WorkerEnvironment.S3_SECRET_KEY, WorkerEnvironment.HEARTBEAT_TOKEN);
        assertThat(MessageCodec.decode(secret.getStringData().get("task.json").getBytes(StandardCharsets.UTF_8),
                TaskRequest.class)).isEqualTo(task);
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("Job");
                    assertThat(owner.getUid()).isEqualTo("uid-1");
                });
    }

    @Test
    void aDatabaseSourcesCredentialsReachTheWorkerOnlyThroughTheSecret() throws IOException {
        // Given
        Path caseDir = CASES.resolve("train");
        JobFactory factory = factoryFor(caseDir);
        TaskRequest task = task(caseDir);
        Map<String, String> environment = new java.util.HashMap<>(ENVIRONMENT);
        environment.remove(WorkerEnvironment.SOURCE_BUCKET);
        environment.remove(WorkerEnvironment.SOURCE_KEY);
        environment.put(WorkerEnvironment.SOURCE_KIND, "postgresql");
        environment.put(WorkerEnvironment.SOURCE_JDBC_URL, "jdbc:postgresql://sales-db:5432/sales");
        environment.put(WorkerEnvironment.SOURCE_TABLE, "public.orders");
        environment.put(WorkerEnvironment.SOURCE_USERNAME, "user-never-in-the-job");
        environment.put(WorkerEnvironment.SOURCE_PASSWORD, "password-never-in-the-job");

        // When
        String job = YAML.asYaml(factory.job(task, environment));
        Secret secret = factory.secret(task, environment);

        // Then
        assertThat(job).doesNotContain("never-in-the-job").contains("jdbc:postgresql://sales-db:5432/sales");
        assertThat(secret.getStringData()).containsEntry(WorkerEnvironment.SOURCE_USERNAME, "user-never-in-the-job")
                .containsEntry(WorkerEnvironment.SOURCE_PASSWORD, "password-never-in-the-job");
    }

    @Test
    void aWorkerClassTheZoneLacksIsRefusedByName() throws IOException {
        // Given
        Path caseDir = CASES.resolve("short-limit-minimal-config");
        JobFactory factory = factoryFor(caseDir);
        TaskRequest task = task(CASES.resolve("gpu"));

        // When / Then
        assertThatThrownBy(() -> factory.job(task, ENVIRONMENT)).isInstanceOf(UnknownWorkerClassException.class)
                .hasMessage("worker class 'gpu' is not configured in zone lab");
    }

    @Test
    void aSettingThatIsNotJsonFailsNamingIt() throws IOException {
        // Given
        Path properties = Files.createTempFile("zone", ".properties");
        Files.writeString(properties, "dispatcher.kubernetes.worker-classes.train.image=worker:1\n"
                + "dispatcher.kubernetes.worker-classes.train.tolerations={not json\n");

        // When / Then
        assertThatThrownBy(() -> JobSettingsLoader.load(properties)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dispatcher.kubernetes.worker-classes.train.tolerations is not valid JSON");
    }
}
