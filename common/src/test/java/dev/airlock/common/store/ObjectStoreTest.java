package dev.airlock.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.common.testing.S3ProxyServer;

/** Against a real S3 server (S3Proxy). */
class ObjectStoreTest {

    private static S3ProxyServer server;
    private static ObjectStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
        store = new ObjectStore(server.settings());
        store.ensureBucket("shared");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void uploadsListsDownloadsAndReads(@TempDir Path dir) throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\n");
        store.upload("shared", "projects/p/tasks/t/in.csv", file, "text/csv");

        // When
        Path copy = dir.resolve("copy.csv");
        store.download("shared", "projects/p/tasks/t/in.csv", copy);

        // Then
        assertThat(Files.readString(copy)).isEqualTo("a,b\n1,2\n");
        assertThat(store.list("shared", "projects/p/")).containsExactly("projects/p/tasks/t/in.csv");
        assertThat(store.exists("shared", "projects/p/tasks/t/in.csv")).isTrue();
        assertThat(store.exists("shared", "projects/p/tasks/t/missing.csv")).isFalse();
        store.put("shared", "projects/p/tasks/t/note.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertThat(store.read("shared", "projects/p/tasks/t/note.txt")).asString().isEqualTo("hello");
    }

    @Test
    void unsafeKeysNeverReachTheStore(@TempDir Path dir) throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("x.csv"), "a\n1\n");

        // When / Then
        assertThatThrownBy(() -> store.upload("shared", "../escape.csv", file, "text/csv"))
                .isInstanceOf(UnsafeKeyException.class);
        assertThat(store.list("shared", "escape")).isEmpty();
    }

    @Test
    void aMissingObjectIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> store.download("shared", "projects/none.csv", dir.resolve("none.csv")))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("shared/projects/none.csv");
    }
}
