package dev.airlock.hub;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real Keycloak ({@code keycloak-quarkus-dist}, unpacked by the build into a cache shared by later builds) started
 * in development mode on loopback with an in-memory database, the repository's realm imported, plus the test users
 * below (password = username) and hour-long tokens. The first start builds Keycloak (about a minute); later starts take
 * about 20 s.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    /** Test users besides the realm's {@code demo} and {@code admin}; each one's password is its name. */
    public static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin");
    /** The hub client's secret in the local realm. */
    public static final String CLIENT_SECRET = "airlock-local-secret";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private Process process;

    @Override
    public Map<String, String> start() {
        Path home = Path.of(System.getProperty("keycloak.home", "missing"));
        Path realm = Path.of(System.getProperty("keycloak.realm", "missing"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh")) || !Files.isRegularFile(realm)) {
            throw new IllegalStateException("Keycloak is expected at " + home + " and the realm at " + realm
                    + "; run the tests through Maven, which unpacks keycloak-quarkus-dist");
        }
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.writeString(imports.resolve("airlock-realm.json"), testRealm(realm));
            int port = freePort();
            int managementPort = freePort();
            Path log = Path.of("target", "keycloak.log").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
                    "--db=dev-mem", "--import-realm")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            process = builder.start();
            String realmUrl = "http://127.0.0.1:" + port + "/realms/airlock";
            awaitRealm(realmUrl, log);
            return Map.of(
                    "quarkus.oidc.auth-server-url", realmUrl,
                    "quarkus.oidc.client-id", "airlock-hub",
                    "quarkus.oidc.credentials.secret", CLIENT_SECRET,
                    "hub.auth.user-directory", "keycloak");
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("cannot start Keycloak from " + home, e);
        }
    }

    private static String testRealm(Path realm) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(realm.toFile());
        json.put("accessTokenLifespan", 3600);
        json.put("ssoSessionIdleTimeout", 7200);
        ArrayNode users = (ArrayNode) json.get("users");
        for (String name : USERS) {
            ObjectNode user = users.addObject();
            user.put("username", name).put("enabled", true).put("email", name + "@airlock.test")
                    .put("emailVerified", true).put("firstName", name).put("lastName", "Test");
            user.putArray("credentials").addObject().put("type", "password").put("value", name)
                    .put("temporary", false);
            user.putArray("realmRoles").add("default-roles-airlock");
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    }

    private void awaitRealm(String realmUrl, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create(realmUrl + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            try {
                process.waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
        }
        throw new IllegalStateException("Keycloak did not serve " + realmUrl + " within " + START_TIMEOUT + "; see "
                + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        if (process == null) {
            return;
        }
        // kc.sh runs Keycloak's JVM as its child
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
