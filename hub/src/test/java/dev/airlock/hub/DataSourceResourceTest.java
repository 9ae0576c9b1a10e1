package dev.airlock.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.SealedCredentials;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.crypto.CredentialSealer;
import dev.airlock.common.crypto.CryptoException;
import dev.airlock.common.crypto.ZoneKeys;
import dev.airlock.common.messaging.Topology;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Data sources with credentials: sealed to the zone's key on receipt, never in the database, the logs, an answer or a
 * task message in plain text, and no key the hub holds opens them.
 */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
class DataSourceResourceTest {

    private static final Topology TOPOLOGY = new Topology(HubTestResource.PREFIX, "default", 5);

    @Inject
    AgroalDataSource database;

    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logLines) {
                logLines.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() throws Exception {
        Logger.getLogger("").addHandler(capture);
        TestZone.announce();
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void credentialsAreSealedOnReceiptAndNeverStoredLoggedOrSentInPlainText() throws Exception {
        // Given
        String project = project();
        String canary = "canary-" + UUID.randomUUID();

        // When
        String answer = Api.as("bob").body(Map.of("name", "sales", "kind", "postgresql", "host", "sales-db.zone.local",
                "database", "sales", "table", "public.orders",
                "credentials", Map.of("username", "reader", "password", canary)))
                .when().post("/api/projects/{p}/data-sources", project)
                .then().statusCode(201)
                .body("credentials", equalTo("sealed"))
                .body("keyId", equalTo(TestZone.KEYS.keyId()))
                .body("keyCurrent", equalTo(true))
                .extract().asString();
        String taskId = Api.as("bob").body("{\"type\": \"train\", \"dataSource\": \"sales\"}")
                .when().post("/api/projects/{p}/tasks", project).then().statusCode(202).extract().path("id");

        // Then
        assertThat(answer).doesNotContain(canary).doesNotContain("reader");
        assertThat(rowsContaining(canary)).isEmpty();
        synchronized (logLines) {
            assertThat(logLines).noneMatch(line -> line.contains(canary));
        }
        String sealedJson = single("select sealed_credentials from data_source where project = '" + project + "'");
        SealedCredentials stored = MessageCodec.mapper().readValue(sealedJson, SealedCredentials.class);
        assertThat(CredentialSealer.open(stored, TestZone.KEYS,
                CredentialSealer.context(project, "sales", "postgresql")))
                .containsEntry("username", "reader").containsEntry("password", canary);
        List<byte[]> published = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            published.addAll(BrokerTestSupport.drainTasks(TOPOLOGY));
            byte[] body = published.stream()
                    .filter(b -> new String(b, StandardCharsets.UTF_8).contains(taskId)).findFirst().orElseThrow();
            assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain(canary);
            TaskRequest task = MessageCodec.decode(body, TaskRequest.class);
            assertThat(task.source().jdbcUrl()).isEqualTo("jdbc:postgresql://sales-db.zone.local:5432/sales");
            assertThat(task.source().table()).isEqualTo("public.orders");
            assertThat(CredentialSealer.open(task.source().credentials(), TestZone.KEYS,
                    CredentialSealer.context(project, "sales", "postgresql"))).containsEntry("password", canary);
        });
    }

    @Test
    void noKeyTheHubHoldsOpensThem() throws Exception {
        // Given
        String project = project();
        Api.as("bob").body(Map.of("name", "lake", "kind", "s3", "bucket", "zone-lake", "key", "tables/orders.csv",
                "credentials", Map.of("accessKey", "AKIA-test", "secretKey", "canary-secret")))
                .when().post("/api/projects/{p}/data-sources", project).then().statusCode(201);
        SealedCredentials sealed = MessageCodec.mapper().readValue(
                single("select sealed_credentials from data_source where project = '" + project + "'"),
                SealedCredentials.class);
        String context = CredentialSealer.context(project, "lake", "s3");

        // When: every value of the hub's configuration, tried as a zone root key and as a raw X25519 private key
        List<String> opened = new ArrayList<>();
        int tried = 0;
        for (String name : ConfigProvider.getConfig().getPropertyNames()) {
            String value = ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("");
            for (ZoneKeys candidate : candidates(value)) {
                tried++;
                try {
                    CredentialSealer.open(sealed, candidate, context);
                    opened.add(name);
                } catch (CryptoException expected) {
                    // this key does not open them, as it should not
                }
            }
        }

        // Then
        assertThat(tried).isPositive();
        assertThat(opened).isEmpty();
        assertThat(CredentialSealer.open(sealed, TestZone.KEYS, context)).containsEntry("secretKey", "canary-secret");
    }

    @Test
    void aNewZoneKeyWaitsForAnAdministratorAndOlderSealsShowAsStale() throws Exception {
        // Given
        String project = project();
        Api.as("bob").body(Map.of("name", "sales", "kind", "mariadb", "host", "10.0.0.7", "port", 3306,
                "database", "sales", "table", "orders", "credentials", Map.of("username", "reader")))
                .when().post("/api/projects/{p}/data-sources", project).then().statusCode(201);
        ZoneKeys rotated = ZoneKeys.derive(Base64.getEncoder()
                .encodeToString("rotated zone root key, 32 bytes!".getBytes(StandardCharsets.UTF_8)));

        try {
            // When
            TestZone.announce(rotated);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> rotated.keyId()
                    .equals(Api.as("admin").when().get("/api/zones/default").then().extract().path("offeredKeyId")));

            // Then
            Api.as("admin").when().get("/api/zones/default").then().statusCode(200)
                    .body("keyId", equalTo(TestZone.KEYS.keyId()));
            Api.as("alice").body(Map.of("keyId", rotated.keyId())).when().post("/api/zones/default/key")
                    .then().statusCode(403);
            Api.as("admin").body(Map.of("keyId", "0000000000000000")).when().post("/api/zones/default/key")
                    .then().statusCode(409)
                    .body("detail", equalTo("zone default offers key " + rotated.keyId()
                            + "; name that key id to accept it"));
            Api.as("admin").body(Map.of("keyId", rotated.keyId())).when().post("/api/zones/default/key")
                    .then().statusCode(200).body("keyId", equalTo(rotated.keyId())).body("offeredKeyId", nullValue());
            Api.as("carol").when().get("/api/projects/{p}/data-sources/sales", project).then().statusCode(403);
            Api.as("alice").when().get("/api/projects/{p}/data-sources/sales", project).then().statusCode(200)
                    .body("keyId", equalTo(TestZone.KEYS.keyId())).body("keyCurrent", equalTo(false));
        } finally {
            TestZone.announce(TestZone.KEYS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> TestZone.KEYS.keyId().equals(Api.as("admin").when().get("/api/zones/default")
                            .then().extract().path("offeredKeyId")));
            Api.as("admin").body(Map.of("keyId", TestZone.KEYS.keyId())).when().post("/api/zones/default/key")
                    .then().statusCode(200);
        }
    }

    @Test
    void aBadDefinitionIsRefusedNamingEachProblemButNoValue() throws Exception {
        // Given
        String project = project();

        // When / Then
        Api.as("bob").body(Map.of("name", "bad", "kind", "postgresql", "host", "db;rm -rf", "database", "sales",
                "table", "orders; drop table x", "credentials", Map.of("user", "secret-value")))
                .when().post("/api/projects/{p}/data-sources", project)
                .then().statusCode(400)
                .body("detail", equalTo("host must be a host name or IPv4 address; "
                        + "table must be table or schema.table (letters, digits, underscores)"));
        Api.as("bob").body(Map.of("name", "bad", "kind", "postgresql", "host", "db", "database", "sales",
                "table", "orders", "credentials", Map.of("user", "secret-value")))
                .when().post("/api/projects/{p}/data-sources", project)
                .then().statusCode(400)
                .body("detail", equalTo("credentials of a postgresql data source are username and password, not user"));
        Api.as("bob").body(Map.of("name", "bad", "kind", "ftp")).when().post("/api/projects/{p}/data-sources", project)
                .then().statusCode(400).body("detail", equalTo("kind must be one of s3, postgresql, mariadb"));
        Api.as("bob").body(Map.of("name", "dup", "kind", "s3", "bucket", "zone-lake", "key", "a.csv"))
                .when().post("/api/projects/{p}/data-sources", project).then().statusCode(201)
                .body("credentials", equalTo("none"));
        Api.as("bob").body(Map.of("name", "dup", "kind", "s3", "bucket", "zone-lake", "key", "a.csv"))
                .when().post("/api/projects/{p}/data-sources", project).then().statusCode(409);
    }

    private static List<ZoneKeys> candidates(String value) {
        List<ZoneKeys> keys = new ArrayList<>();
        try {
            keys.add(ZoneKeys.derive(value));
        } catch (CryptoException notARootKey) {
            // not usable as a root key
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException notBase64) {
            raw = value.getBytes(StandardCharsets.UTF_8);
        }
        for (byte[] scalar : List.of(raw, value.getBytes(StandardCharsets.UTF_8))) {
            if (scalar.length >= 32) {
                try {
                    PrivateKey key = KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(
                            NamedParameterSpec.X25519, java.util.Arrays.copyOf(scalar, 32)));
                    keys.add(new ZoneKeys(key, TestZone.KEYS.publicKey(), TestZone.KEYS.keyId()));
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    private List<String> rowsContaining(String text) throws Exception {
        List<String> hits = new ArrayList<>();
        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = sql.executeQuery("select count(*) from \"" + table + "\" t where t::text like '%"
                        + text + "%'")) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        hits.add(table);
                    }
                }
            }
        }
        return hits;
    }

    private String single(String query) throws Exception {
        try (Connection connection = database.getConnection();
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String project() {
        String project = "ds-" + UUID.randomUUID().toString().substring(0, 8);
        Api.project("alice", project, Map.of("bob", "editor"));
        return project;
    }
}
