package dev.airlock.dispatcher.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;

/** Both ledgers keep a cancel across a restart (a new instance loading what the old one stored) and forget it late. */
class CancelLedgerTest {

    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    @Test
    void aFileLedgerRemembersACancelAfterARestart() {
        Path file = dir.resolve("cancelled-tasks");
        CancelLedger before = new FileCancelLedger(file, RETENTION);
        before.load(NOW);
        before.add("task-1", NOW);

        CancelLedger after = new FileCancelLedger(file, RETENTION);
        after.load(NOW.plus(Duration.ofHours(1)));

        assertThat(after.contains("task-1")).isTrue();
        assertThat(after.contains("task-2")).isFalse();
    }

    @Test
    void aFileLedgerForgetsCancelsOlderThanItsRetentionAndCompactsItself() throws Exception {
        Path file = dir.resolve("cancelled-tasks");
        CancelLedger ledger = new FileCancelLedger(file, RETENTION);
        ledger.load(NOW);
        for (int i = 0; i < 10; i++) {
            ledger.add("old-" + i, NOW);
        }
        Instant dayLater = NOW.plus(RETENTION).plusSeconds(1);
        ledger.add("new", dayLater);

        CancelLedger reloaded = new FileCancelLedger(file, RETENTION);
        reloaded.load(dayLater);

        assertThat(reloaded.contains("new")).isTrue();
        assertThat(reloaded.contains("old-0")).isFalse();
        assertThat(Files.readAllLines(file)).containsExactly("new " + dayLater);
    }

    @Test
    void aLineTornByACrashIsSkipped() throws Exception {
        Path file = dir.resolve("cancelled-tasks");
        Files.writeString(file, "task-1 " + NOW + "\ntask-2 2026-12-0", StandardCharsets.UTF_8);

        CancelLedger ledger = new FileCancelLedger(file, RETENTION);
        ledger.load(NOW);

        assertThat(ledger.contains("task-1")).isTrue();
        assertThat(ledger.contains("task-2")).isFalse();
    }

    @Test
    void aConfigMapLedgerRemembersACancelAfterARestart() {
        CancelLedger before = new ConfigMapCancelLedger(client, "zone-a", "cancelled", RETENTION);
        before.load(NOW);
        before.add("task-1", NOW);
        before.add("task-2", NOW.plusSeconds(5));

        CancelLedger after = new ConfigMapCancelLedger(client, "zone-a", "cancelled", RETENTION);
        after.load(NOW.plus(Duration.ofHours(1)));

        assertThat(after.contains("task-1")).isTrue();
        assertThat(after.contains("task-2")).isTrue();
        ConfigMap map = client.configMaps().inNamespace("zone-a").withName("cancelled").get();
        assertThat(map.getData()).containsEntry("task-1", NOW.toString());
        assertThat(map.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by",
                "airlock-dispatcher");
    }

    @Test
    void aConfigMapLedgerDropsExpiredCancelsWhenItWrites() {
        CancelLedger ledger = new ConfigMapCancelLedger(client, "zone-a", "cancelled", RETENTION);
        ledger.load(NOW);
        ledger.add("old", NOW);
        Instant dayLater = NOW.plus(RETENTION).plusSeconds(1);

        ledger.add("new", dayLater);

        assertThat(client.configMaps().inNamespace("zone-a").withName("cancelled").get().getData())
                .containsOnlyKeys("new");
        assertThat(ledger.contains("old")).isFalse();
    }
}
