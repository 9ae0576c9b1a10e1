package dev.airlock.hub;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.messaging.Topology;
import dev.airlock.synth.CopyGuard;
import dev.airlock.synth.Evaluator;
import dev.airlock.synth.ProgressListener;
import dev.airlock.synth.SynthConfig;
import dev.airlock.synth.SynthModel;
import dev.airlock.synth.Synthesizer;
import dev.airlock.synth.TableSplitter;

/**
 * A train run of alice's in the project, completed the way the zone completes one: the real engine trains on the
 * penguins sample, its synthetic table and report go into the test's shared store, and the completed event arrives
 * over RabbitMQ.
 *
 * @param taskId the run
 * @param synthetic the synthetic table's bytes
 */
record ReportFixture(String taskId, byte[] synthetic) {

    static ReportFixture completedTrainRun(String project) throws Exception {
        String taskId = Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\"}").when()
                .post("/api/projects/{p}/tasks", project).then().statusCode(202).extract().path("id");
        return complete(project, taskId);
    }

    /**
     * Completes a train run already submitted, as the zone would: trains, stores the sample and report, sends the
     * completed event.
     */
    static ReportFixture complete(String project, String taskId) throws Exception {
        String prefix = "projects/" + project + "/tasks/" + taskId + "/";
        Path dir = Files.createTempDirectory("report-test");
        TableSplitter.split(Path.of("../data/penguins.csv"), 0.2, 1, dir.resolve("train.csv"),
                dir.resolve("holdout.csv"));
        SynthModel model = Synthesizer.train(dir.resolve("train.csv"), SynthConfig.defaults(), 1,
                ProgressListener.NONE);
        model.sample(model.trainingRows(), 1, dir.resolve("synthetic.csv"), ProgressListener.NONE,
                CopyGuard.of(dir.resolve("train.csv"), dir.resolve("holdout.csv")));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        Evaluator.evaluate(dir.resolve("train.csv"), dir.resolve("holdout.csv"), dir.resolve("synthetic.csv"),
                "Species", 10).write(report);
        byte[] synthetic = Files.readAllBytes(dir.resolve("synthetic.csv"));
        StoreTestResource.store().put(StoreTestResource.SHARED_BUCKET, prefix + "report.json", report.toByteArray(),
                "application/json");
        StoreTestResource.store().put(StoreTestResource.SHARED_BUCKET, prefix + "synthetic.csv", synthetic,
                "text/csv");
        BrokerTestSupport.publish(new Topology(HubTestResource.PREFIX, "default", 5),
                new TaskEvent(Contract.SCHEMA_VERSION, UUID.randomUUID().toString(), taskId, "default",
                        TaskState.COMPLETED, Instant.now(), null, Map.of("quality.overall", 0.8),
                        List.of(new Artifact("synthetic", prefix + "synthetic.csv", synthetic.length),
                                new Artifact("report", prefix + "report.json", report.size())),
                        null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as("alice").when()
                .get("/api/tasks/{id}", taskId).then().body("state", equalTo("completed")));
        return new ReportFixture(taskId, synthetic);
    }
}
