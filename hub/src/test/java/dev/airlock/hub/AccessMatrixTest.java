package dev.airlock.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every API endpoint called by every kind of caller: owner, editor, viewer, a signed-in non-member, a platform
 * administrator who is not a member, and nobody (no token). Each cell is a test asserting the status.
 */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
class AccessMatrixTest {

    /** Callers, strongest project role first; {@code null} is a request without a token. */
    private static final Map<String, String> CALLERS = new LinkedHashMap<>();
    static {
        CALLERS.put("owner", "alice");
        CALLERS.put("editor", "bob");
        CALLERS.put("viewer", "carol");
        CALLERS.put("non-member", "dave");
        CALLERS.put("platform admin", "admin");
        CALLERS.put("anonymous", null);
    }

    private static final String MODEL_CONFIG = "{\"format\": \"yaml\", \"source\": \"maxBins: 8\"}";
    private static final String TRAIN = "{\"type\": \"train\", \"dataSource\": \"penguins\"}";

    private String project;
    private String taskId;

    /** An endpoint, the weakest caller it admits, and the status it answers them. */
    private record Endpoint(String name, String minimum, int success, Function<RequestSpecification, Response> call) {
    }

    private void createProject() {
        project = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        Api.project("alice", project, Map.of("bob", "editor", "carol", "viewer"));
        // cancellations get a project of their own, so their tasks do not count against the other's queue limit
        Api.project("alice", project + "-c", Map.of("bob", "editor", "carol", "viewer"));
        Api.as("alice").body(MODEL_CONFIG).when().put("/api/projects/{p}/model-configs/small", project).then()
                .statusCode(201);
        Api.as("alice").body(dataSource("lake")).when().post("/api/projects/{p}/data-sources", project).then()
                .statusCode(201);
        taskId = Api.as("bob").body(TRAIN).when().post("/api/projects/{p}/tasks", project).then().statusCode(202)
                .extract().path("id");
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        createProject();
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET /api/projects", "non-member", 200, r -> r.get("/api/projects")),
                new Endpoint("GET /api/projects/{p}", "viewer", 200, r -> r.get("/api/projects/{p}", project)),
                new Endpoint("GET /api/projects/{p}/members", "viewer", 200,
                        r -> r.get("/api/projects/{p}/members", project)),
                new Endpoint("PUT /api/projects/{p}/members/{u}", "owner", 200,
                        r -> r.body("{\"role\": \"viewer\"}").put("/api/projects/{p}/members/erin", project)),
                new Endpoint("DELETE /api/projects/{p}/members/{u}", "owner", 204, r -> {
                    Api.as("alice").body("{\"role\": \"viewer\"}").put("/api/projects/{p}/members/erin", project);
                    return r.delete("/api/projects/{p}/members/erin", project);
                }),
                new Endpoint("GET /api/projects/{p}/audit", "owner", 200,
                        r -> r.get("/api/projects/{p}/audit", project)),
                new Endpoint("POST /api/projects/{p}/tasks", "editor", 202,
                        r -> r.body(TRAIN).post("/api/projects/{p}/tasks", project)),
                new Endpoint("GET /api/projects/{p}/tasks", "viewer", 200,
                        r -> r.get("/api/projects/{p}/tasks", project)),
                new Endpoint("GET /api/tasks/{id}", "viewer", 200, r -> r.get("/api/tasks/{id}", taskId)),
                new Endpoint("POST /api/tasks/{id}/cancel", "editor", 202, r -> {
                    String fresh = Api.as("alice").body(TRAIN).post("/api/projects/{p}/tasks", project + "-c")
                            .then().statusCode(202).extract().path("id");
                    return r.post("/api/tasks/{id}/cancel", fresh);
                }),
                new Endpoint("GET /api/tasks/{id}/events", "viewer", 200,
                        r -> r.get("/api/tasks/{id}/events", taskId)),
                // the task has written nothing yet: callers let in learn that (404), the others get 403
                new Endpoint("GET /api/tasks/{id}/report", "viewer", 404,
                        r -> r.get("/api/tasks/{id}/report", taskId)),
                new Endpoint("GET /api/tasks/{id}/artifacts/{name}", "viewer", 404,
                        r -> r.get("/api/tasks/{id}/artifacts/synthetic", taskId)),
                new Endpoint("GET /api/audit", "platform admin", 200, r -> r.get("/api/audit")),
                new Endpoint("GET /api/projects/{p}/data-sources", "viewer", 200,
                        r -> r.get("/api/projects/{p}/data-sources", project)),
                new Endpoint("POST /api/projects/{p}/data-sources", "editor", 201,
                        r -> r.body(dataSource(fresh())).post("/api/projects/{p}/data-sources", project)),
                new Endpoint("GET /api/projects/{p}/data-sources/{n}", "viewer", 200,
                        r -> r.get("/api/projects/{p}/data-sources/lake", project)),
                new Endpoint("PUT /api/projects/{p}/data-sources/{n}", "editor", 200,
                        r -> r.body(dataSource(null)).put("/api/projects/{p}/data-sources/lake", project)),
                new Endpoint("DELETE /api/projects/{p}/data-sources/{n}", "editor", 204, r -> {
                    String name = fresh();
                    Api.as("alice").body(dataSource(name)).post("/api/projects/{p}/data-sources", project);
                    return r.delete("/api/projects/{p}/data-sources/{n}", project, name);
                }),
                new Endpoint("GET /api/zones", "non-member", 200, r -> r.get("/api/zones")),
                new Endpoint("POST /api/model-configs/check", "non-member", 200,
                        r -> r.body(MODEL_CONFIG).post("/api/model-configs/check")),
                new Endpoint("GET /api/projects/{p}/model-configs", "viewer", 200,
                        r -> r.get("/api/projects/{p}/model-configs", project)),
                new Endpoint("POST /api/projects/{p}/model-configs", "editor", 201, r -> r
                        .body("{\"name\": \"" + fresh() + "\", \"format\": \"yaml\", \"source\": \"maxBins: 8\"}")
                        .post("/api/projects/{p}/model-configs", project)),
                new Endpoint("GET /api/projects/{p}/model-configs/{n}", "viewer", 200,
                        r -> r.get("/api/projects/{p}/model-configs/small", project)),
                new Endpoint("PUT /api/projects/{p}/model-configs/{n}", "editor", 200,
                        r -> r.body(MODEL_CONFIG).put("/api/projects/{p}/model-configs/small", project)),
                new Endpoint("DELETE /api/projects/{p}/model-configs/{n}", "editor", 204, r -> {
                    String name = fresh();
                    Api.as("alice").body(MODEL_CONFIG).put("/api/projects/{p}/model-configs/{n}", project, name);
                    return r.delete("/api/projects/{p}/model-configs/{n}", project, name);
                }));
        List<DynamicTest> cells = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Map.Entry<String, String> caller : CALLERS.entrySet()) {
                int expected = expected(endpoint, caller.getKey());
                cells.add(DynamicTest.dynamicTest(endpoint.name() + " as " + caller.getKey() + " -> " + expected,
                        () -> {
                            // Given
                            RequestSpecification request = caller.getValue() == null ? Api.anonymous()
                                    : Api.as(caller.getValue());

                            // When
                            Response response = endpoint.call().apply(request.when());

                            // Then
                            assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(expected);
                            if (expected == 403) {
                                assertThat(response.contentType()).startsWith("application/problem+json");
                            }
                        }));
            }
        }
        return cells.stream();
    }

    private static String fresh() {
        return "s3-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An S3 data source without credentials: it needs no zone key. */
    private static String dataSource(String name) {
        return "{" + (name == null ? "" : "\"name\": \"" + name + "\", ")
                + "\"kind\": \"s3\", \"bucket\": \"zone-lake\", \"key\": \"tables/orders.csv\"}";
    }

    private static int expected(Endpoint endpoint, String caller) {
        if (caller.equals("anonymous")) {
            return 401;
        }
        if (caller.equals("platform admin")) {
            return endpoint.success();
        }
        if (endpoint.minimum().equals("platform admin")) {
            return 403;
        }
        List<String> order = List.of("owner", "editor", "viewer", "non-member", "platform admin");
        int needed = order.indexOf(endpoint.minimum());
        return order.indexOf(caller) <= needed ? endpoint.success() : 403;
    }
}
