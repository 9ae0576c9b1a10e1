package dev.airlock.hub;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Calls the hub's API as a realm user, with a bearer token from Keycloak's password grant (client airlock-cli). */
public final class Api {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Api() {
    }

    /**
     * @param username a realm user whose password is their name ({@code admin}: {@code admin})
     * @return a request that carries their token
     */
    public static RequestSpecification as(String username) {
        return given().auth().oauth2(token(username)).contentType(ContentType.JSON);
    }

    /** @return a request without credentials */
    public static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    /**
     * @param username a realm user
     * @return an access token for them, cached
     */
    public static String token(String username) {
        return TOKENS.computeIfAbsent(username, Api::fetchToken);
    }

    private static String fetchToken(String username) {
        String realm = ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        String form = "grant_type=password&client_id=airlock-cli&username=" + encode(username) + "&password="
                + encode(username);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("no token for " + username + ": " + response.body());
            }
            return new ObjectMapper().readTree(response.body()).path("access_token").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no token for " + username, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Creates a project as a user, who becomes its owner, and gives others roles.
     *
     * @param owner the creating user
     * @param name the project
     * @param roles other users and their roles
     */
    public static void project(String owner, String name, Map<String, String> roles) {
        as(owner).body(Map.of("name", name, "description", "test")).when().post("/api/projects").then()
                .statusCode(201);
        roles.forEach((user, role) -> as(owner).body(Map.of("role", role))
                .when().put("/api/projects/{p}/members/{u}", name, user).then().statusCode(200));
    }
}
