package dev.airlock.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.messaging.Topology;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A completed train run's report and files, read from the shared store through the API and the UI. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
@QuarkusTestResource(StoreTestResource.class)
class ReportTest {

    @TestHTTPResource("/")
    URL hub;

    String project;
    String taskId;
    byte[] synthetic;

    @BeforeEach
    void aCompletedTrainRunWithItsReport() throws Exception {
        project = "report-" + UUID.randomUUID().toString().substring(0, 8);
        Api.project("alice", project, Map.of("carol", "viewer"));
        ReportFixture fixture = ReportFixture.completedTrainRun(project);
        taskId = fixture.taskId();
        synthetic = fixture.synthetic();
    }

    @Test
    void membersReadTheReportAndDownloadTheSyntheticTableOthersDoNot() {
        // When / Then
        Api.as("carol").when().get("/api/tasks/{id}/report", taskId).then().statusCode(200)
                .body("format", equalTo("airlock-report"))
                .body("quality.mlUtility.target", equalTo("Species"))
                .body("plots.histograms.size()", equalTo(7))
                .body("quality.overall", greaterThan(0.5f));
        byte[] downloaded = Api.as("carol").when().get("/api/tasks/{id}/artifacts/synthetic", taskId).then()
                .statusCode(200).header("Content-Disposition", org.hamcrest.Matchers.containsString("synthetic.csv"))
                .extract().asByteArray();
        assertThat(downloaded).isEqualTo(synthetic);
        Api.as("dave").when().get("/api/tasks/{id}/report", taskId).then().statusCode(403);
        Api.as("carol").when().get("/api/tasks/{id}/artifacts/model", taskId).then().statusCode(404);
    }

    @Test
    void theRunPageDrawsScoreCardsHistogramsAndHeatmaps() throws Exception {
        // Given
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("carol", "carol");

        // When
        HttpResponse<String> page = browser.get("/ui/tasks/" + taskId);

        // Then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h2>Quality and privacy</h2>", "Overall quality", "SDMetrics quality score",
                "ML utility (Species)",
                "Exact copies", "Distance to closest record", "aria-label=\"histogram of Species\"", "class=\"bar-synthetic\"",
                "aria-label=\"Real associations\"", "/ui/tasks/" + taskId + "/artifacts/synthetic");
        assertThat(browser.get("/ui/tasks/" + taskId + "/artifacts/synthetic").body())
                .isEqualTo(new String(synthetic, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aGenerateRunsParquetTableDownloadsAsParquetByItsName() throws Exception {
        // Given: a generate run asking for Parquet, completed as the zone completes one
        String generateId = Api.as("alice").body("{\"type\": \"generate\", \"modelTaskId\": \"" + taskId
                + "\", \"parameters\": {\"rows\": 5, \"format\": \"parquet\"}}")
                .when().post("/api/projects/{p}/tasks", project).then().statusCode(202)
                .body("parameters.format", equalTo("parquet")).extract().path("id");
        String key = "projects/" + project + "/tasks/" + generateId + "/synthetic.parquet";
        byte[] parquet = "PAR1 not really a table PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        StoreTestResource.store().put(StoreTestResource.SHARED_BUCKET, key, parquet,
                "application/vnd.apache.parquet");
        BrokerTestSupport.publish(new Topology(HubTestResource.PREFIX, "default", 5),
                new TaskEvent(Contract.SCHEMA_VERSION, UUID.randomUUID().toString(), generateId, "default",
                        TaskState.COMPLETED, Instant.now(), null, Map.of("rows.synthetic", 5.0),
                        List.of(new Artifact("synthetic", key, parquet.length)), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as("alice").when()
                .get("/api/tasks/{id}", generateId).then().body("state", equalTo("completed")));

        // When
        byte[] downloaded = Api.as("carol").when().get("/api/tasks/{id}/artifacts/synthetic", generateId).then()
                .statusCode(200).contentType("application/vnd.apache.parquet")
                .header("Content-Disposition", equalTo("attachment; filename=\"" + generateId
                        + "-synthetic.parquet\""))
                .extract().asByteArray();

        // Then
        assertThat(downloaded).isEqualTo(parquet);
    }
}
