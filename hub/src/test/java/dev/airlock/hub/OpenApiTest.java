package dev.airlock.hub;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The API description and its rendered page are there without signing in; the API itself is not. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
class OpenApiTest {

    @Test
    void theApiIsDescribedAndRendered() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/projects/{project}/members/{username}'.put", notNullValue())
                .body("paths.'/api/projects/{project}/tasks'.post", notNullValue())
                .body("paths.'/api/tasks/{id}'.get.responses.'200'.content", notNullValue())
                .body("components.securitySchemes.bearer.scheme", org.hamcrest.Matchers.equalTo("bearer"));
        Api.as("demo").when().get("/api/model-configs/templates").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.contains("default", "differential-privacy", "fast", "high-privacy"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
        given().when().get("/api/projects").then().statusCode(401).header("WWW-Authenticate",
                containsString("Bearer"));
    }
}
