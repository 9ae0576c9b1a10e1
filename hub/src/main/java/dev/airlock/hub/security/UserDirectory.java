package dev.airlock.hub.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.airlock.hub.config.HubConfig;
import dev.airlock.hub.problem.UnavailableException;

/**
 * Tells whether a username exists in the realm before it becomes a project member. With
 * {@code hub.auth.user-directory=keycloak} it asks Keycloak's admin API as the hub client's service account (which needs
 * the realm-management role {@code view-users}); with {@code none} (the default) every name is accepted.
 */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubConfig config;
    private final AuthSettings auth;
    private final Optional<String> realmUrl;
    private final String clientId;
    private final Optional<String> clientSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;
    private volatile Instant tokenExpires = Instant.EPOCH;

    UserDirectory(HubConfig config, AuthSettings auth,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> realmUrl,
            @ConfigProperty(name = "quarkus.oidc.client-id", defaultValue = "airlock-hub") String clientId,
            @ConfigProperty(name = "quarkus.oidc.credentials.secret") Optional<String> clientSecret) {
        this.config = config;
        this.auth = auth;
        this.realmUrl = realmUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /**
     * @param username a realm username
     * @return whether the realm has that user (always true without a directory)
     */
    public boolean exists(String username) {
        if (!auth.enabled() || config.auth().userDirectory() == HubConfig.UserDirectoryKind.NONE) {
            return true;
        }
        String realm = realmUrl.orElseThrow();
        String admin = realm.replace("/realms/", "/admin/realms/");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(admin + "/users?exact=true"
                    + "&briefRepresentation=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token(realm)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("user directory answered %d; does the service account of %s have view-users?",
                        response.statusCode(), clientId);
                throw new UnavailableException("the user directory answered " + response.statusCode());
            }
            for (JsonNode user : JSON.readTree(response.body())) {
                if (username.equals(user.path("username").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UnavailableException("the user directory cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while asking the user directory");
        }
    }

    private synchronized String token(String realm) throws IOException, InterruptedException {
        if (token != null && Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret.orElse(""), StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(realm
                + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            LOG.warnf("no service-account token for %s (HTTP %d): enable its service account", clientId,
                    response.statusCode());
            throw new UnavailableException("the hub cannot sign in to the user directory");
        }
        JsonNode body = JSON.readTree(response.body());
        token = body.path("access_token").asText();
        // renew a little before it expires
        tokenExpires = Instant.now().plusSeconds(Math.max(0, body.path("expires_in").asLong(60) - 10));
        return token;
    }
}
