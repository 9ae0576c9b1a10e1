package dev.airlock.hub;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Model configurations saved in a project, in YAML or JSON, checked as the worker will read them. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
class ModelConfigResourceTest {

    private static final String YAML = """
            synthesizer: default
            privacy:
              k: 20
            columns:
              Sex:
                type: categorical
            """;

    @Test
    void aYamlConfigurationIsSavedAndATaskNamingItCarriesIt() {
        // Given
        String project = project();
        Api.as("bob").body(Map.of("name", "strict", "format", "yaml", "source", YAML))
                .when().post("/api/projects/{p}/model-configs", project)
                .then().statusCode(201)
                .body("config.privacy.k", equalTo(20))
                .body("source", equalTo(YAML));

        // When
        String taskId = Api.as("bob").body("{\"type\": \"train\", \"dataSource\": \"penguins\", "
                + "\"modelConfigName\": \"strict\"}")
                .when().post("/api/projects/{p}/tasks", project).then().statusCode(202).extract().path("id");

        // Then
        Api.as("carol").when().get("/api/tasks/{id}", taskId).then().statusCode(200)
                .body("modelConfig.privacy.k", equalTo(20))
                .body("modelConfig.columns.Sex.type", equalTo("categorical"));
        Api.as("carol").when().get("/api/projects/{p}/model-configs", project).then().statusCode(200)
                .body("name", hasItems("strict"));
        Api.as("carol").body(Map.of("format", "json", "source", "{}"))
                .when().put("/api/projects/{p}/model-configs/strict", project).then().statusCode(403);
    }

    @Test
    void mistakesAreNamedWithTheirLineOrSetting() {
        // Given
        String project = project();

        // When / Then
        Api.as("bob").body(Map.of("format", "yaml", "source", "synthesizer: default\nprivacy: [k: 3\n"))
                .when().post("/api/model-configs/check")
                .then().statusCode(200).body("valid", equalTo(false))
                .body("problem", startsWith("not valid YAML at line 3"));
        Api.as("bob").body(Map.of("format", "yaml", "source", "synthesizer: default\nprivacy:\n  kk: 3\n"))
                .when().post("/api/model-configs/check")
                .then().statusCode(200).body("valid", equalTo(false))
                .body("problem", equalTo("model configuration setting privacy.kk is unknown"));
        Api.as("bob").body(Map.of("format", "json", "source", "{\"synthesizer\": \"gan\"}"))
                .when().put("/api/projects/{p}/model-configs/gan", project)
                .then().statusCode(400)
                .body("detail", startsWith("model configuration gan: synthesizer gan is unknown"));
        Api.as("bob").body(Map.of("format", "json", "source", "{\"maxBins\": 12}"))
                .when().post("/api/model-configs/check")
                .then().statusCode(200).body("valid", equalTo(true)).body("config.maxBins", equalTo(12));
        Api.as("bob").body("{\"type\": \"train\", \"dataSource\": \"penguins\", \"modelConfigName\": \"nothing\"}")
                .when().post("/api/projects/{p}/tasks", project)
                .then().statusCode(400)
                .body("detail", equalTo("modelConfigName: project " + project + " has no model configuration nothing"));
    }

    private static String project() {
        String project = "mc-" + UUID.randomUUID().toString().substring(0, 8);
        Api.project("alice", project, Map.of("bob", "editor", "carol", "viewer"));
        return project;
    }
}
