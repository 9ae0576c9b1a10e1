package dev.airlock.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.Contract;
import dev.airlock.common.contract.TaskEvent;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.messaging.Topology;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The web UI through Keycloak's real login form, as a browser without rendering sees it. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
class UiTest {

    @TestHTTPResource("/")
    URL hub;

    @Test
    void signingInThroughKeycloakShowsTheProjects() throws Exception {
        // Given
        BrowserSession browser = new BrowserSession(hub.toString());

        // When
        HttpResponse<String> page = browser.signIn("alice", "alice");

        // Then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/ui/projects");
        assertThat(page.body()).contains("<h1>Projects</h1>", "alice", "Log out");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"));
        assertThat(browser.get("/api/projects").statusCode()).as("the API takes bearer tokens, not the session")
                .isEqualTo(401);
    }

    @Test
    void markupInANameOrDescriptionRendersAsText() throws Exception {
        // Given
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("alice", "alice");
        String project = name();

        // When
        HttpResponse<String> page = browser.submit("/ui/projects", "/ui/projects",
                Map.of("name", project, "description", "<script>alert('owned')</script>"));

        // Then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/ui/projects/" + project);
        assertThat(page.body()).contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert");
    }

    @Test
    void anEditorStartsATrainRunAndSeesItListed() throws Exception {
        // Given
        String project = name();
        Api.project("alice", project, Map.of("bob", "editor"));
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("bob", "bob");

        // When
        HttpResponse<String> page = browser.submit("/ui/projects/" + project, "/ui/projects/" + project + "/runs",
                Map.of("dataSource", "penguins", "template", "fast", "target", " Species "));

        // Then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/ui/projects/" + project);
        assertThat(page.body()).contains("<td>penguins</td>", "data-field=\"state\">created</span>");
        String taskId = Api.as("bob").when().get("/api/projects/{p}/tasks", project).then().statusCode(200)
                .body("[0].modelConfig.synthesizer", equalTo("marginals"))
                .body("[0].parameters.target", equalTo("Species"))
                .extract().path("[0].id");
        HttpResponse<String> detail = browser.get("/ui/tasks/" + taskId);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("Timeline", "accepted by the hub", "projects/" + project + "/tasks/");
    }

    @Test
    void anEditorCancelsARunFromItsPageAndAViewerCannot() throws Exception {
        // Given
        String project = name();
        Api.project("alice", project, Map.of("bob", "editor", "carol", "viewer"));
        String taskId = Api.as("bob").body("{\"type\": \"train\", \"dataSource\": \"penguins\"}").when()
                .post("/api/projects/{p}/tasks", project).then().statusCode(202).extract().path("id");
        BrowserSession viewer = new BrowserSession(hub.toString());
        viewer.signIn("carol", "carol");
        BrowserSession editor = new BrowserSession(hub.toString());
        editor.signIn("bob", "bob");

        // When
        HttpResponse<String> viewerPage = viewer.get("/ui/tasks/" + taskId);
        HttpResponse<String> cancelled = editor.submit("/ui/tasks/" + taskId, "/ui/tasks/" + taskId + "/cancel",
                Map.of());

        // Then
        assertThat(viewerPage.body()).doesNotContain("id=\"cancel-run\"");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.uri().getPath()).isEqualTo("/ui/tasks/" + taskId);
        Api.as("alice").when().get("/api/projects/{p}/audit", project).then()
                .body("action[0]", equalTo("task.cancel"))
                .body("actor[0]", equalTo("bob"));
    }

    @Test
    void aCompletedRunShowsItsMetricsAndArtifacts() throws Exception {
        // Given
        String project = name();
        Api.project("alice", project, Map.of("carol", "viewer"));
        String taskId = Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\", "
                + "\"modelConfig\": {\"target\": \"Species\", \"privacy\": {\"k\": 5}}}").when()
                .post("/api/projects/{p}/tasks", project).then().statusCode(202).extract().path("id");
        BrokerTestSupport.publish(new Topology(HubTestResource.PREFIX, "default", 5),
                new TaskEvent(Contract.SCHEMA_VERSION,
                        UUID.randomUUID().toString(), taskId, "default",
                        TaskState.COMPLETED, Instant.now(), null,
                        Map.of("rows.synthetic", 1000.0, "columns", 7.0),
                        List.of(new Artifact("synthetic",
                                "projects/" + project + "/tasks/" + taskId + "/synthetic.csv", 2048)),
                        null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> Api.as("alice").when().get("/api/tasks/{id}", taskId).then()
                        .body("state", equalTo("completed")));
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("carol", "carol");

        // When
        HttpResponse<String> page = browser.get("/ui/tasks/" + taskId);

        // Then
        assertThat(page.body()).contains("<h2>Metrics</h2>", "<td>rows.synthetic</td><td>1000.0</td>",
                "<td>columns</td><td>7.0</td>", "synthetic.csv", "data-field=\"state\">completed</span>")
                .doesNotContain("id=\"cancel-run\"", "id=\"generate-run\"");
        BrowserSession owner = new BrowserSession(hub.toString());
        owner.signIn("alice", "alice");
        HttpResponse<String> generated = owner.submit("/ui/tasks/" + taskId, "/ui/tasks/" + taskId + "/generate",
                Map.of("rows", "250", "format", "jsonl"));
        HttpResponse<String> evaluated = owner.submit("/ui/tasks/" + taskId, "/ui/tasks/" + taskId + "/evaluate",
                Map.of());
        String generateId = generated.uri().getPath().substring("/ui/tasks/".length());
        String evaluateId = evaluated.uri().getPath().substring("/ui/tasks/".length());
        Api.as("alice").when().get("/api/tasks/{id}", generateId).then().body("type", equalTo("generate"))
                .body("modelTaskId", equalTo(taskId)).body("parameters.rows", equalTo(250))
                .body("parameters.format", equalTo("jsonl"));
        Api.as("alice").when().get("/api/tasks/{id}", evaluateId).then().body("type", equalTo("evaluate"))
                .body("modelTaskId", equalTo(taskId)).body("dataSource", equalTo("penguins"))
                .body("parameters.target", equalTo("Species")).body("modelConfig.privacy.k", equalTo(5))
                .body("modelConfig.target", equalTo(null));
        Api.as("alice").body("{\"type\": \"evaluate\", \"dataSource\": \"penguins\", \"modelTaskId\": \"" + taskId
                + "\", \"modelConfig\": {}, \"parameters\": {\"target\": \"Island\"}}").when()
                .post("/api/projects/{p}/tasks", project).then().statusCode(202)
                .body("parameters.target", equalTo("Island")).body("modelConfig.privacy.k", equalTo(5));
    }

    @Test
    void runsComeInPagesOfTwentyFiveNewestFirst() throws Exception {
        // Given
        String project = name();
        Api.project("alice", project, Map.of());
        Topology topology = new Topology(HubTestResource.PREFIX, "default", 5);
        for (int round = 0; round < 3; round++) {
            // at most 10 may wait in created: let each round start before the next
            for (int i = 0; i < (round < 2 ? 10 : 6); i++) {
                String id = Api.as("alice").body("{\"type\": \"train\", \"dataSource\": \"penguins\"}").when()
                        .post("/api/projects/{p}/tasks", project).then().statusCode(202).extract().path("id");
                BrokerTestSupport.publish(topology, new TaskEvent(Contract.SCHEMA_VERSION, UUID.randomUUID().toString(),
                        id, "default", TaskState.PENDING, Instant.now(), null, Map.of(), null, null));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as("alice").when()
                    .get("/api/projects/{p}/tasks?size=200", project).then()
                    .body("findAll { it.state == 'created' }.size()", equalTo(0)));
        }
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("alice", "alice");

        // When
        HttpResponse<String> first = browser.get("/ui/projects/" + project);
        HttpResponse<String> second = browser.get("/ui/projects/" + project + "?page=1");

        // Then
        assertThat(first.body().split("<tr data-id=")).hasSize(26);
        assertThat(first.body()).contains("?page=1\" rel=\"next\">Older runs").doesNotContain("Newer runs")
                .contains("data-stream=");
        assertThat(second.body().split("<tr data-id=")).hasSize(2);
        assertThat(second.body()).contains("?page=0\" rel=\"prev\">Newer runs").doesNotContain("Older runs")
                .doesNotContain("data-stream=");
    }

    @Test
    void aViewerGetsNoRunFormAndCannotPostOne() throws Exception {
        // Given
        String project = name();
        Api.project("alice", project, Map.of("carol", "viewer"));
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("carol", "carol");

        // When
        HttpResponse<String> page = browser.get("/ui/projects/" + project);
        HttpResponse<String> post = browser.submit("/ui/projects", "/ui/projects/" + project + "/runs",
                Map.of("dataSource", "penguins"));

        // Then
        assertThat(page.body()).doesNotContain("id=\"submit-run\"", "id=\"add-member\"").contains("viewer");
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("this needs the editor role in project " + project);
    }

    @Test
    void aNonMemberGetsAnErrorPageNotJson() throws Exception {
        // Given
        String project = name();
        Api.project("alice", project, Map.of());
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("dave", "dave");

        // When
        HttpResponse<String> page = browser.get("/ui/projects/" + project);

        // Then
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<h1>Forbidden</h1>", "you are not a member of project " + project);
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRejected() throws Exception {
        // Given
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("alice", "alice");
        String project = name();

        // When
        HttpResponse<String> response = browser.post("/ui/projects", Map.of("name", project));

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
        Api.as("alice").when().get("/api/projects/{p}", project).then().statusCode(404);
    }

    @Test
    void loggingOutEndsTheSessionAtKeycloakToo() throws Exception {
        // Given
        BrowserSession browser = new BrowserSession(hub.toString());
        browser.signIn("alice", "alice");

        // When
        HttpResponse<String> signedOut = browser.get("/ui/logout");

        // Then
        assertThat(signedOut.uri().getPath()).isEqualTo("/signed-out");
        assertThat(signedOut.body()).contains("You are signed out");
        HttpResponse<String> again = browser.get("/ui/projects");
        assertThat(again.body()).contains("kc-form-login");
    }

    @Test
    void anEditorChangesADataSourceAndItsSealedCredentialsStay() throws Exception {
        // Given
        TestZone.announce();
        String project = name();
        Api.project("alice", project, Map.of("bob", "editor"));
        Api.as("bob").body(Map.of("name", "orders", "kind", "postgresql", "host", "db.zone.local",
                "database", "sales", "table", "orders", "credentials", Map.of("username", "reader",
                        "password", "kept-secret")))
                .when().post("/api/projects/{p}/data-sources", project).then().statusCode(201);
        BrowserSession editor = new BrowserSession(hub.toString());
        editor.signIn("bob", "bob");
        String page = "/ui/projects/" + project + "/data-sources/orders";

        // When
        HttpResponse<String> form = editor.get(page);
        HttpResponse<String> saved = editor.submit(page, page, Map.of("kind", "postgresql", "host", "db.zone.local",
                "port", "6432", "database", "sales", "table", "public.orders_2026", "username", "",
                "password", ""));

        // Then
        assertThat(form.body()).contains("value=\"db.zone.local\"", "Credentials are sealed to zone key")
                .doesNotContain("kept-secret");
        assertThat(saved.uri().getPath()).isEqualTo("/ui/projects/" + project);
        Api.as("bob").when().get("/api/projects/{p}/data-sources/orders", project).then()
                .body("table", equalTo("public.orders_2026")).body("port", equalTo(6432))
                .body("credentials", equalTo("sealed")).body("keyId", equalTo(TestZone.KEYS.keyId()));
    }

    @Test
    void anAdministratorAcceptsAZonesNewKeyOnTheZonesPage() throws Exception {
        // Given
        TestZone.announce();
        dev.airlock.common.crypto.ZoneKeys rotated = dev.airlock.common.crypto.ZoneKeys.derive(java.util.Base64
                .getEncoder().encodeToString("ui test rotated zone key, 32 byt".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        TestZone.announce(rotated);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> rotated.keyId()
                .equals(Api.as("admin").when().get("/api/zones/default").then().extract().path("offeredKeyId")));
        BrowserSession admin = new BrowserSession(hub.toString());
        admin.signIn("admin", "admin");
        BrowserSession member = new BrowserSession(hub.toString());
        member.signIn("alice", "alice");

        try {
            // When
            HttpResponse<String> memberPage = member.get("/ui/zones");
            HttpResponse<String> accepted = admin.submit("/ui/zones", "/ui/zones/default/key",
                    Map.of("keyId", rotated.keyId()));

            // Then
            assertThat(memberPage.body()).contains("offers a new key <code>" + rotated.keyId())
                    .doesNotContain("Accept key");
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.uri().getPath()).isEqualTo("/ui/zones");
            Api.as("admin").when().get("/api/zones/default").then().body("keyId", equalTo(rotated.keyId()));
        } finally {
            TestZone.announce(TestZone.KEYS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> TestZone.KEYS
                    .keyId().equals(Api.as("admin").when().get("/api/zones/default").then().extract()
                            .path("offeredKeyId")));
            Api.as("admin").body(Map.of("keyId", TestZone.KEYS.keyId())).when().post("/api/zones/default/key")
                    .then().statusCode(200);
        }
    }

    private static String name() {
        return "ui-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
