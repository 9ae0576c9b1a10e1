package dev.airlock.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Projects, members, the audit log and the live task stream through the API. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
class ProjectResourceTest {

    @TestHTTPResource("/")
    URL hub;

    @Test
    void theCreatorOwnsANewProjectAndOthersDoNotSeeIt() {
        // Given
        String project = name();

        // When
        Api.as("alice").body(Map.of("name", project, "description", "churn")).when().post("/api/projects")
                .then().statusCode(201).header("Location", endsWith("/api/projects/" + project))
                .body("myRole", equalTo("owner"));

        // Then
        Api.as("alice").when().get("/api/projects").then().body("name", hasItem(project));
        Api.as("dave").when().get("/api/projects").then().body("name", not(hasItem(project)));
        Api.as("admin").when().get("/api/projects").then().body("name", hasItem(project));
        Api.as("bob").body(Map.of("name", project)).when().post("/api/projects").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void theLastOwnerCannotLeaveAndRolesMustBeKnown() {
        // Given
        String project = name();
        Api.project("alice", project, Map.of("bob", "editor"));

        // When / Then
        Api.as("alice").when().delete("/api/projects/{p}/members/alice", project).then().statusCode(409)
                .body("detail", equalTo("project " + project + " needs at least one owner; make another member "
                        + "owner first"));
        Api.as("alice").body(Map.of("role", "viewer")).when().put("/api/projects/{p}/members/alice", project)
                .then().statusCode(409);
        Api.as("alice").body(Map.of("role", "boss")).when().put("/api/projects/{p}/members/bob", project)
                .then().statusCode(400).body("detail", equalTo("role must be owner, editor or viewer"));
        Api.as("alice").body(Map.of("role", "viewer")).when().put("/api/projects/{p}/members/nobody-here", project)
                .then().statusCode(400).body("detail", equalTo("there is no user nobody-here in the realm"));
        Api.as("alice").body(Map.of("role", "owner")).when().put("/api/projects/{p}/members/bob", project)
                .then().statusCode(200);
        Api.as("alice").when().delete("/api/projects/{p}/members/alice", project).then().statusCode(204);
        Api.as("bob").when().get("/api/projects/{p}/members", project).then().body("username",
                equalTo(List.of("bob")));
    }

    @Test
    void theAuditLogSaysWhoDidWhatAndCarriesNoDataValues() {
        // Given
        String project = name();
        Api.as("alice").body(Map.of("name", project, "description", "secret-canary-4711")).when()
                .post("/api/projects").then().statusCode(201);
        Api.as("alice").body(Map.of("role", "editor")).when().put("/api/projects/{p}/members/bob", project);
        String taskId = Api.as("bob").body("{\"type\": \"train\", \"dataSource\": \"penguins\", "
                + "\"parameters\": {\"canary\": \"secret-canary-4711\"}}")
                .when().post("/api/projects/{p}/tasks", project).then().statusCode(202).extract().path("id");

        // When
        var entries = Api.as("alice").when().get("/api/projects/{p}/audit", project).then().statusCode(200)
                .extract().jsonPath();

        // Then
        assertThat(entries.getList("action")).containsExactly("task.submit", "member.put", "project.create");
        assertThat(entries.getList("actor")).containsExactly("bob", "alice", "alice");
        assertThat(entries.getList("target")).containsExactly(taskId, "bob as editor", project);
        assertThat(entries.prettify()).doesNotContain("secret-canary-4711");
        Api.as("admin").when().get("/api/audit?size=500").then().statusCode(200).body("target", hasItem(taskId));
    }

    @Test
    void theTaskStreamSendsTheTaskAndItsChanges() throws Exception {
        // Given
        String project = name();
        Api.project("alice", project, Map.of());
        List<String> projectLines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        var projectStream = http.sendAsync(HttpRequest.newBuilder(URI.create(hub + "api/projects/" + project
                + "/stream")).header("Authorization", "Bearer " + Api.token("alice")).build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> opened = projectStream.get();
        assertThat(opened.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> opened.body().forEach(projectLines::add));
        reader.setDaemon(true);
        reader.start();

        // When
        String taskId = Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\"}").when()
                .post("/api/projects/{p}/tasks", project).then().statusCode(202).extract().path("id");

        // Then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(projectLines)
                .anySatisfy(line -> assertThat(line).startsWith("data:").contains(taskId, "\"state\":\"created\"")));
        HttpResponse<Stream<String>> taskStream = http.sendAsync(HttpRequest.newBuilder(URI.create(hub + "api/tasks/"
                + taskId + "/stream")).header("Authorization", "Bearer " + Api.token("alice")).build(),
                HttpResponse.BodyHandlers.ofLines()).get();
        assertThat(taskStream.body().filter(line -> line.startsWith("data:")).findFirst()).hasValueSatisfying(
                line -> assertThat(line).contains(taskId));
        HttpResponse<String> forbidden = http.send(HttpRequest.newBuilder(URI.create(hub + "api/tasks/" + taskId
                + "/stream")).header("Authorization", "Bearer " + Api.token("dave")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forbidden.statusCode()).isEqualTo(403);
    }

    private static String name() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
