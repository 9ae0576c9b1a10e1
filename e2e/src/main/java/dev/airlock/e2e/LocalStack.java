package dev.airlock.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.crypto.Ed25519Keys;
import dev.airlock.common.license.License;
import dev.airlock.common.license.LicenseSigner;
import dev.airlock.common.messaging.RabbitSettings;
import dev.airlock.common.messaging.Topology;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.testing.S3ProxyServer;

/**
 * The whole Airlock stack on one machine, from the packaged modules: S3Proxy standing in for MinIO, a database of its
 * own on the local PostgreSQL, messaging names of its own on the local RabbitMQ, a fresh signing key pair, then the
 * hub and the dispatcher (local launcher) as processes. Used by the demo and by the end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {

    /** The zone's source bucket. */
    public static final String SOURCE_BUCKET = "zone-source";
    /** The shared bucket. */
    public static final String SHARED_BUCKET = "airlock-shared";
    /** Where the dispatcher's image holds the worker it runs as local processes (the worker's image too). */
    public static final String IMAGE_WORKER_JAR = "/deployments/worker/airlock-worker.jar";

    private final Options options;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final java.util.Set<String> projects = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private S3ProxyServer s3;
    private ObjectStore store;
    private int hubPort;

    /**
     * @param root the project's root directory
     * @param stateDir where logs and the dispatcher's work directory go
     * @param name a name for this stack's database and messaging prefix (lower-case letters, digits, dashes)
     * @param dataSources data sources of the zone: name to local table file, uploaded to the source bucket
     * @param dropDatabaseOnClose whether to drop the database when the stack stops
     * @param images the hub's and the dispatcher's images by name ({@code hub}, {@code dispatcher}), to run them
     *        from instead of the packaged modules (see {@link ImageRoot}); empty for the modules
     */
    public record Options(Path root, Path stateDir, String name, Map<String, Path> dataSources,
            boolean dropDatabaseOnClose, Map<String, ImageRoot> images) {

        /** The stack from the packaged modules. */
        public Options(Path root, Path stateDir, String name, Map<String, Path> dataSources,
                boolean dropDatabaseOnClose) {
            this(root, stateDir, name, dataSources, dropDatabaseOnClose, Map.of());
        }
    }

    private LocalStack(Options options) {
        this.options = options;
    }

    /**
     * @param options what to start
     * @return the started stack, hub and dispatcher ready
     * @throws Exception when a part does not start; the message names it and where its log is
     */
    public static LocalStack start(Options options) throws Exception {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(options.stateDir());
        if (!options.images().isEmpty()) {
            // the images' user writes its work directory here, as on a volume the chart gives it
            Files.setPosixFilePermissions(options.stateDir(), java.nio.file.attribute.PosixFilePermissions
                    .fromString("rwxrwxrwx"));
        }
        s3 = S3ProxyServer.start();
        store = new ObjectStore(s3.settings());
        store.ensureBucket(SOURCE_BUCKET);
        store.ensureBucket(SHARED_BUCKET);
        for (Map.Entry<String, Path> source : options.dataSources().entrySet()) {
            store.upload(SOURCE_BUCKET, "tables/" + source.getValue().getFileName(), source.getValue(), "text/csv");
        }
        createDatabase();
        KeyPair keys = Ed25519Keys.generate();
        byte[] rootKey = new byte[32];
        new java.security.SecureRandom().nextBytes(rootKey);
        String zoneRootKey = java.util.Base64.getEncoder().encodeToString(rootKey);
        hubPort = S3ProxyServer.freePort();
        int dispatcherPort = S3ProxyServer.freePort();

        ImageRoot dispatcherImage = options.images().get("dispatcher");
        List<String> dispatcher = new ArrayList<>(List.of("-Xmx256m",
                "-Dquarkus.http.port=" + dispatcherPort,
                "-Dquarkus.http.host=127.0.0.1",
                "-Ddispatcher.messaging.prefix=" + prefix(),
                "-Ddispatcher.store.endpoint=" + s3.endpoint(),
                "-Ddispatcher.store.shared-bucket=" + SHARED_BUCKET,
                "-Ddispatcher.local.worker-jar=" + (dispatcherImage != null ? IMAGE_WORKER_JAR
                        : options.root().resolve("worker/target/airlock-worker.jar")),
                "-Ddispatcher.local.work-dir=" + dispatcherWorkDir(),
                "-Ddispatcher.local.max-heap=512m"));
        dispatcher.addAll(writeLicense());
        for (Map.Entry<String, Path> source : options.dataSources().entrySet()) {
            dispatcher.add("-Ddispatcher.data-sources." + source.getKey() + ".bucket=" + SOURCE_BUCKET);
            dispatcher.add("-Ddispatcher.data-sources." + source.getKey() + ".key=tables/"
                    + source.getValue().getFileName());
        }
        Map<String, String> dispatcherEnv = Map.of(
                "AIRLOCK_TASK_VERIFY_KEY", Ed25519Keys.encode(keys.getPublic()),
                "AIRLOCK_DS_ROOT_KEY", zoneRootKey,
                "AIRLOCK_S3_ACCESS_KEY", s3.settings().accessKey(),
                "AIRLOCK_S3_SECRET_KEY", s3.settings().secretKey());
        startProcess("dispatcher", process("dispatcher", dispatcher, dispatcherEnv), dispatcherPort);

        List<String> hub = List.of("-Xmx256m",
                "-Dquarkus.http.port=" + hubPort,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dhub.messaging.prefix=" + prefix(),
                "-Dhub.store.endpoint=" + s3.endpoint(),
                "-Dhub.store.shared-bucket=" + SHARED_BUCKET,
                // no sign-in on the local stack: every request is the local user, a platform administrator
                "-Dquarkus.oidc.tenant-enabled=false");
        Map<String, String> hubEnv = Map.of(
                "AIRLOCK_TASK_SIGNING_KEY", Ed25519Keys.encode(keys.getPrivate()),
                "AIRLOCK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + database(),
                "AIRLOCK_S3_ACCESS_KEY", s3.settings().accessKey(),
                "AIRLOCK_S3_SECRET_KEY", s3.settings().secretKey());
        startProcess("hub", process("hub", hub, hubEnv), hubPort);
    }

    /**
     * A Quarkus application of the stack: its packaged module run by this machine's java with the given options, or
     * its image's entrypoint with the state directory mounted and the options as the chart gives them.
     */
    private ProcessBuilder process(String app, List<String> javaOptions, Map<String, String> environment)
            throws IOException {
        ImageRoot image = options.images().get(app);
        if (image == null) {
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(javaOptions);
            command.addAll(List.of("-jar",
                    options.root().resolve(app + "/target/quarkus-app/quarkus-run.jar").toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            return builder;
        }
        // as the chart and the compose file configure the images: the settings in config/application.properties
        // below the working directory, JVM options in JAVA_TOOL_OPTIONS
        Properties settings = new Properties();
        List<String> jvmOptions = new ArrayList<>();
        for (String option : javaOptions) {
            if (option.startsWith("-D")) {
                String[] keyValue = option.substring(2).split("=", 2);
                settings.setProperty(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
            } else {
                jvmOptions.add(option);
            }
        }
        Path config = Files.createDirectories(options.stateDir().resolve(app + "-config"));
        try (var out = Files.newBufferedWriter(config.resolve("application.properties"))) {
            settings.store(out, "the local stack's " + app);
        }
        Map<String, String> withOptions = new LinkedHashMap<>(environment);
        withOptions.put("JAVA_TOOL_OPTIONS", String.join(" ", jvmOptions));
        try {
            return new ProcessBuilder(image.run(image.entrypoint(), List.of(ImageRoot.Mount.same(options.stateDir()),
                    new ImageRoot.Mount(config, image.workingDir() + "/config")), image.user(), List.of(),
                    withOptions));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing the " + app + " container", e);
        }
    }

    /** A license for this run, signed by an issuer key made for it, and the settings that make the dispatcher use it. */
    private List<String> writeLicense() throws IOException {
        KeyPair issuer = Ed25519Keys.generate();
        byte[] features = LicenseSigner.encode(new License("Airlock local stack", Instant.now(),
                Instant.now().plus(Duration.ofDays(30)), new License.Features(List.of("default", "marginals"), 4, 100,
                        false, false, false)));
        Path featuresFile = Files.write(options.stateDir().resolve("features.json"), features);
        Path signatureFile = Files.write(options.stateDir().resolve("features.sig.json"),
                LicenseSigner.sign(features, issuer.getPrivate(), "local-stack"));
        return List.of("-Ddispatcher.license.features-file=" + featuresFile,
                "-Ddispatcher.license.signature-file=" + signatureFile,
                "-Ddispatcher.license.trusted-keys.local-stack=" + Ed25519Keys.encode(issuer.getPublic()));
    }

    private void startProcess(String name, ProcessBuilder builder, int port) throws Exception {
        Path log = log(name);
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            process.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(name + " was not ready within 120 s; see " + log);
    }

    private void createDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", "")) {
            boolean exists;
            try (var statement = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                statement.setString(1, database());
                exists = statement.executeQuery().next();
            }
            if (!exists) {
                connection.createStatement().execute("create database \"" + database() + "\"");
            }
        }
    }

    private void dropDatabase() {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", "")) {
            connection.createStatement().execute("drop database if exists \"" + database() + "\" with (force)");
        } catch (SQLException e) {
            System.err.println("cannot drop database " + database() + ": " + e.getMessage());
        }
    }

    private void deleteQueues() {
        Topology topology = topology();
        try (var connection = new RabbitSettings("127.0.0.1", 5672, "guest", "guest", "/")
                .connectionFactory("airlock-stack").newConnection(); var channel = connection.createChannel()) {
            for (String queue : List.of(topology.tasksQueue(), topology.cancelsQueue(), topology.statusQueue())) {
                channel.queueDelete(queue);
                channel.queueDelete(Topology.deadLetterQueue(queue));
            }
            channel.exchangeDelete(topology.tasksExchange());
            channel.exchangeDelete(topology.statusExchange());
            channel.exchangeDelete(topology.deadLetterExchange());
        } catch (Exception e) {
            System.err.println("cannot delete the queues of " + prefix() + ": " + e.getMessage());
        }
    }

    /** @return the messaging names of this stack */
    public Topology topology() {
        return new Topology(prefix(), "default", 5);
    }

    /** @return the hub's base URL */
    public String hubUrl() {
        return "http://127.0.0.1:" + hubPort;
    }

    /** @return the shared store, as a user with read access sees it */
    public ObjectStore store() {
        return store;
    }

    /** @return the dispatcher's work directory (task directories below {@code tasks/}) */
    public Path dispatcherWorkDir() {
        return options.stateDir().resolve("dispatcher-work");
    }

    /**
     * @param name {@code hub} or {@code dispatcher}
     * @return its log file
     */
    public Path log(String name) {
        return options.stateDir().resolve(name + ".log");
    }

    /** @return the database's name */
    public String database() {
        return "airlock_" + options.name().replace('-', '_');
    }

    private String prefix() {
        return "airlock-" + options.name();
    }

    /**
     * Creates a project on the hub; one that exists already is fine.
     *
     * @param project a project
     */
    public void createProject(String project) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hubUrl() + "/api/projects"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + project + "\"}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IOException("creating project " + project + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /**
     * @param project a project, created on first use
     * @param body the task submission as JSON
     * @return the hub's response
     */
    public HttpResponse<String> submit(String project, String body) throws IOException, InterruptedException {
        if (projects.add(project)) {
            createProject(project);
        }
        return http.send(HttpRequest.newBuilder(URI.create(hubUrl() + "/api/projects/" + project + "/tasks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param path an API path
     * @param body JSON
     * @return the hub's response
     */
    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(hubUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param path an API path such as {@code /api/tasks/<id>}
     * @return the parsed JSON body
     */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hubUrl() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return MessageCodec.mapper().readTree(response.body());
    }

    /**
     * @param taskId a task
     * @param timeout how long to wait
     * @return the task once it is in a terminal state
     */
    public JsonNode awaitTerminal(String taskId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode task = get("/api/tasks/" + taskId);
            String state = task.path("state").asText();
            if (List.of("completed", "error", "cancelled", "lost").contains(state)) {
                return task;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("task " + taskId + " is still " + state + " after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** @return the data sources, in order */
    public Map<String, Path> dataSources() {
        return new LinkedHashMap<>(options.dataSources());
    }

    private static String java() {
        return S3ProxyServer.javaExecutable();
    }

    @Override
    public void close() {
        // an image's application runs in a container under runc, as another user: stop the container's process too,
        // and by force after the grace period
        Map<Process, List<ProcessHandle>> started = new LinkedHashMap<>();
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            started.put(process, process.descendants().toList());
            started.get(process).forEach(ProcessHandle::destroy);
            process.destroy();
        }
        started.forEach((process, descendants) -> {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    descendants.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (s3 != null) {
            s3.close();
        }
        if (options.dropDatabaseOnClose()) {
            dropDatabase();
            deleteQueues();
        }
    }
}
