package dev.airlock.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.airlock.common.store.ObjectStoreSettings;

/**
 * A real S3 server for tests: S3Proxy from Maven Central, run as its own process on a free loopback port with an
 * in-memory store. The build copies its jar to {@code target/s3proxy/s3proxy.jar} and names it in the system property
 * {@code s3proxy.jar}.
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final String ACCESS_KEY = "airlock-test";
    private static final String SECRET_KEY = "airlock-test-secret";

    private final Process process;
    private final int port;
    private final Path logFile;

    private S3ProxyServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * @return a started server
     * @throws IOException when it cannot start
     */
    public static S3ProxyServer start() throws IOException {
        Path jar = Paths.get(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar + " (system property s3proxy.jar)");
        }
        int port = freePort();
        Path dir = Files.createTempDirectory("s3proxy");
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n", List.of(
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=transient",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY)) + "\n");
        Path log = dir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(javaExecutable(), "-DLOG_LEVEL=warn", "-Xmx256m", "-jar", jar.toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3ProxyServer server = new S3ProxyServer(process, port, log);
        server.awaitListening(Duration.ofSeconds(60));
        return server;
    }

    /** @return the settings a client uses to reach this server */
    public ObjectStoreSettings settings() {
        return new ObjectStoreSettings(endpoint(), ACCESS_KEY, SECRET_KEY, "us-east-1");
    }

    /** @return the endpoint URL */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitListening(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(logFile));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for S3Proxy", e);
                }
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within " + timeout);
    }

    /**
     * @return a free loopback TCP port
     * @throws IOException when none can be had
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** @return the java binary of the running JVM */
    public static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
