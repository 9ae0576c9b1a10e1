package dev.airlock.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.testing.S3ProxyServer;
import dev.airlock.e2e.ImageRoot;
import dev.airlock.e2e.LocalStack;
import picocli.CommandLine;

/**
 * The images as a platform engineer gets them: built from the packaged modules and Debian's packages without a Docker
 * engine, named as the chart pulls them, and run as containers by runc ({@link ImageRoot}; the worker's also from the
 * OCI layout skopeo and umoci make of it): the worker's trains a table as its non-root user and runs the Kubernetes Job the
 * dispatcher renders for a task, and the
 * hub's and the dispatcher's together carry a train task from the hub's API to a synthetic table, the dispatcher
 * running the worker its image holds.
 */
class ImagesIT {

    private static final Path ROOT = Path.of(System.getProperty("airlock.root", "..")).toAbsolutePath().normalize();
    private static final Path WORK = ROOT.resolve("images/target/it");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Path> TARBALLS = new LinkedHashMap<>();

    @BeforeAll
    static void buildImages() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isRegularFile(Path.of("/etc/debian_version"))
                && Files.readString(Path.of("/etc/debian_version")).startsWith("12"),
                "the images' runtime is unpacked from Debian 12's packages");
        deleteRecursively(WORK);
        build(WORK.resolve("runtime"), WORK.resolve("images"));
        for (String app : List.of("hub", "dispatcher", "worker")) {
            TARBALLS.put(app, WORK.resolve("images/airlock-" + app + ".tar"));
        }
    }

    /** {@code images/build-runtime} into one directory, then the images into another, as bin/build-images does. */
    private static void build(Path runtime, Path images) throws Exception {
        Path log = Files.createDirectories(WORK).resolve(runtime.getFileName() + ".log");
        Process unpack = new ProcessBuilder(ROOT.resolve("images/build-runtime").toString(), runtime.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (awaitExit(unpack) != 0) {
            throw new IllegalStateException("images/build-runtime failed: " + Files.readString(log));
        }
        int exit = new CommandLine(new ImageBuilder()).execute("--runtime", runtime.toString(), "--root",
                ROOT.toString(), "--output", images.toString());
        if (exit != 0) {
            throw new IllegalStateException("the image builder exited with " + exit);
        }
    }

    @Test
    void theImagesAreNamedAsTheChartAndComposePullThemAndRunAsItsUserSharingTheirCommonLayers() throws Exception {
        // Given
        Path charts = ROOT.resolve("charts/airlock/charts");
        String tag = ImageBuilder.chartAppVersion(ROOT.resolve("charts/airlock/Chart.yaml"));
        JsonNode hub = YAML.readTree(charts.resolve("hub/values.yaml").toFile());
        JsonNode dispatcher = YAML.readTree(charts.resolve("dispatcher/values.yaml").toFile());
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        Map<String, JsonNode> pulled = Map.of("hub", hub.path("image"), "dispatcher", dispatcher.path("image"),
                "worker", dispatcher.path("workerClasses").path("train").path("image"));
        Map<String, JsonNode> users = Map.of("hub", hub.path("podSecurityContext"), "dispatcher",
                dispatcher.path("podSecurityContext"), "worker", dispatcher.path("jobs").path("podSecurityContext"));
        List<String> firstLayers = new ArrayList<>();
        Map<String, List<String>> layers = new LinkedHashMap<>();

        // When
        for (Map.Entry<String, Path> image : TARBALLS.entrySet()) {
            ImageRoot.Archive archive = ImageRoot.Archive.read(image.getValue(), WORK.resolve("inspect/" + image.getKey()));
            JsonNode manifest = archive.manifest();
            JsonNode config = archive.config();

            // Then
            JsonNode chart = pulled.get(image.getKey());
            String name = manifest.path("RepoTags").path(0).asText();
            assertThat(name).isEqualTo(
                    chart.path("registry").asText() + "/" + chart.path("repository").asText() + ":" + tag);
            if (!image.getKey().equals("worker")) {
                assertThat(compose.path("services").path(image.getKey()).path("image").asText())
                        .as("docker-compose.yml's %s", image.getKey()).isEqualTo(name);
            }
            JsonNode user = users.get(image.getKey());
            assertThat(config.path("User").asText())
                    .isEqualTo(user.path("runAsUser").asInt() + ":" + user.path("runAsGroup").asInt())
                    .doesNotStartWith("0:");
            assertThat(config.path("Entrypoint").path(0).asText()).isEqualTo(ImageBuilder.JAVA);
            assertThat(config.path("Labels").path("dev.airlock.runtime.packages").asText())
                    .contains("openjdk-17-jre-headless=", "libc6=");
            firstLayers.add(archive.layers().get(0));
            layers.put(image.getKey(), archive.layers());
        }
        assertThat(firstLayers).as("one runtime layer, stored once by a registry").containsOnly(firstLayers.get(0));
        assertThat(layers.get("dispatcher")).as("the worker's layer, shared").contains(layers.get("worker").get(1));
    }

    @Test
    void theSameInputsGiveByteIdenticalImages() throws Exception {
        // When: the runtime unpacked afresh and the images built again
        Path again = WORK.resolve("images-again");
        build(WORK.resolve("runtime-again"), again);

        // Then
        for (Map.Entry<String, Path> image : TARBALLS.entrySet()) {
            assertThat(Files.mismatch(image.getValue(), again.resolve(image.getValue().getFileName())))
                    .as(image.getKey()).isEqualTo(-1L);
        }
    }

    @Test
    void theWorkerImageTrainsATableAsItsNonRootUser() throws Exception {
        // Given
        assumeRoot();
        ImageRoot worker = ImageRoot.unpack(TARBALLS.get("worker"), WORK.resolve("roots/worker"));
        Path data = Files.createDirectories(WORK.resolve("worker-data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(ROOT.resolve("data/penguins.csv"), data.resolve("penguins.csv"));
        Path log = data.resolve("train.log");

        // When
        Process train = new ProcessBuilder(worker.command(List.of("train", "--input",
                data.resolve("penguins.csv").toString(), "--model", data.resolve("penguins.airlock").toString(),
                "--target", "Species", "--seed", "7"), List.of(data), Map.of()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        // Then
        assertThat(awaitExit(train)).as(Files.readString(log)).isZero();

        JsonNode report = MessageCodec.mapper().readTree(data.resolve("penguins.report.json").toFile());
        assertThat(report.path("quality").path("overall").asDouble()).isBetween(0.5, 1.0);
        assertThat(report.path("privacy").path("exactCopyRate").asDouble()).isZero();
        assertThat(Files.getAttribute(data.resolve("penguins.airlock"), "unix:uid")).isEqualTo(185);
        assertThat(Files.readAllLines(data.resolve("penguins.sample.csv")).get(0))
                .isEqualTo(Files.readAllLines(ROOT.resolve("data/penguins.csv")).get(0));

        // and the trust store made from Debian's CA certificates is the one the image's Java reads
        Path listing = data.resolve("keytool.log");
        Process keytool = new ProcessBuilder(worker.run(List.of("keytool", "-list", "-cacerts", "-storepass",
                "changeit"), List.of())).redirectErrorStream(true).redirectOutput(listing.toFile()).start();
        assertThat(awaitExit(keytool)).as(Files.readString(listing)).isZero();
        assertThat(Files.readString(listing)).containsPattern("Your keystore contains 1[0-9]{2} entries")
                .contains("debian:isrg_root_x1.pem");
    }

    /**
     * The worker's image through tools that know nothing of this project, as a node's container runtime takes it: the
     * tarball copied into an OCI layout ({@code skopeo}), unpacked into a runtime bundle ({@code umoci}) and run by
     * {@code runc} with the chart's container security context: its own namespaces, no capabilities, no new
     * privileges, a read-only root, a tmpfs on {@code /tmp}, the image's user.
     */
    @Test
    void theWorkerImageTrainsATableFromTheOciLayoutSkopeoAndUmociMakeOfIt() throws Exception {
        // Given
        assumeRoot();
        assumeTrue(Stream.of("skopeo", "umoci", "runc").allMatch(tool -> Files.isExecutable(Path.of("/usr/bin", tool))),
                "skopeo, umoci and runc (bin/setup-machine installs them)");
        Path oci = WORK.resolve("oci");
        Path bundle = WORK.resolve("bundle");
        ImageRoot.exec("skopeo", "copy", "docker-archive:" + TARBALLS.get("worker"), "oci:" + oci + ":worker");
        ImageRoot.exec("umoci", "unpack", "--image", oci + ":worker", bundle.toString());
        Path data = Files.createDirectories(WORK.resolve("runc-data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(ROOT.resolve("data/penguins.csv"), data.resolve("penguins.csv"));
        ObjectNode config = (ObjectNode) MessageCodec.mapper().readTree(bundle.resolve("config.json").toFile());
        ArrayNode args = (ArrayNode) config.path("process").path("args");
        List.of("train", "--input", "/data/penguins.csv", "--model", "/data/penguins.airlock", "--target", "Species",
                "--seed", "7").forEach(args::add);
        ImageRoot.withSecurityContext(config);
        ((ArrayNode) config.path("mounts")).addObject().put("destination", "/data").put("type", "bind")
                .put("source", data.toString()).putArray("options").add("rbind").add("rw");
        MessageCodec.mapper().writeValue(bundle.resolve("config.json").toFile(), config);
        String id = "airlock-images-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path log = data.resolve("train.log");

        // When
        Process train = new ProcessBuilder("runc", "run", "--bundle", bundle.toString(), id).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        int exit;
        try {
            exit = awaitExit(train);
        } finally {
            new ProcessBuilder("runc", "delete", "--force", id).start().waitFor(1, TimeUnit.MINUTES);
        }

        // Then
        assertThat(exit).as(Files.readString(log)).isZero();
        assertThat(Files.getAttribute(data.resolve("penguins.airlock"), "unix:uid")).isEqualTo(185);
        JsonNode report = MessageCodec.mapper().readTree(data.resolve("penguins.report.json").toFile());
        assertThat(report.path("quality").path("overall").asDouble()).isBetween(0.5, 1.0);
        assertThat(report.path("privacy").path("exactCopyRate").asDouble()).isZero();
    }

    /**
     * The Job the dispatcher's image renders for a train task ({@code render-job}, the dispatcher's own
     * {@code JobFactory}), run from the worker's image as a kubelet would run its pod: the container's arguments after
     * the image's entrypoint, its environment with the Secret's values, the task Secret, the work and tmp volumes at
     * their mount paths, the pod's user, a read-only root and the termination log the result is read from.
     */
    @Test
    void theWorkerImageRunsTheJobTheDispatcherRendersForATrainTask() throws Exception {
        // Given
        assumeRoot();
        ImageRoot dispatcher = ImageRoot.unpack(TARBALLS.get("dispatcher"), WORK.resolve("roots/job-dispatcher"));
        ImageRoot worker = ImageRoot.unpack(TARBALLS.get("worker"), WORK.resolve("roots/job-worker"));
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            ObjectStore store = new ObjectStore(s3.settings());
            store.ensureBucket("zone-source");
            store.ensureBucket(LocalStack.SHARED_BUCKET);
            store.upload("zone-source", "tables/penguins.csv", ROOT.resolve("data/penguins.csv"), "text/csv");
            Path files = Files.createDirectories(WORK.resolve("job"));
            String taskId = UUID.randomUUID().toString();
            String prefix = "projects/images/tasks/" + taskId + "/";
            Files.writeString(files.resolve("task.json"), """
                    {"schemaVersion":1,"taskId":"%s","project":"images","type":"train","dataSource":"penguins",
                     "modelConfig":{},"parameters":{"seed":5,"target":"Species"},"output":{"prefix":"%s"},
                     "requestedBy":{"userId":"alice"},"limits":{"maxDurationSeconds":600},
                     "issuedAt":"2026-12-02T12:00:00Z"}""".formatted(taskId, prefix));
            // the chart's dispatcher ConfigMap (its default values, as the chart's golden test pins them), with the
            // store and a data source of this machine
            String chartConfig = null;
            for (JsonNode manifest : YAML.readerFor(JsonNode.class).<JsonNode> readValues(
                    ROOT.resolve("charts/src/test/resources/golden/defaults.yaml").toFile()).readAll()) {
                if (manifest.path("kind").asText().equals("ConfigMap")
                        && manifest.path("metadata").path("name").asText().equals("airlock-dispatcher")) {
                    chartConfig = manifest.path("data").path("application.properties").asText();
                }
            }
            assertThat(chartConfig).contains("dispatcher.launcher=kubernetes");
            Files.writeString(files.resolve("application.properties"), chartConfig + String.join("\n",
                    "dispatcher.store.endpoint=" + s3.endpoint(),
                    "dispatcher.data-sources.penguins.bucket=zone-source",
                    "dispatcher.data-sources.penguins.key=tables/penguins.csv") + "\n");
            Path yaml = files.resolve("job.yaml");
            Process render = new ProcessBuilder(dispatcher.command(List.of("render-job", "--task",
                    files.resolve("task.json").toString(), "--config", files.resolve("application.properties")
                            .toString()),
                    List.of(files), Map.of())).redirectError(files.resolve("render.log").toFile())
                    .redirectOutput(yaml.toFile()).start();
            assertThat(awaitExit(render)).as(Files.readString(files.resolve("render.log"))).isZero();
            List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode> readValues(yaml.toFile()).readAll();
            JsonNode job = documents.get(0);
            JsonNode pod = job.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").path(0);
            assertThat(job.path("kind").asText()).isEqualTo("Job");
            assertThat(container.path("image").asText()).isEqualTo(worker.reference());
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();

            // the kubelet's part: the per-task Secret's values, its volume, the empty dirs, the termination log
            Map<String, String> secret = Map.of("AIRLOCK_S3_ACCESS_KEY", s3.settings().accessKey(),
                    "AIRLOCK_S3_SECRET_KEY", s3.settings().secretKey(), "AIRLOCK_HEARTBEAT_TOKEN", "no-dispatcher",
                    "task.json", Files.readString(files.resolve("task.json")));
            Map<String, String> environment = new LinkedHashMap<>();
            container.path("env").forEach(variable -> environment.put(variable.path("name").asText(),
                    variable.has("value") ? variable.path("value").asText()
                            : secret.get(variable.path("valueFrom").path("secretKeyRef").path("key").asText())));
            assertThat(environment).doesNotContainValue(null);
            List<String> secretKeys = new ArrayList<>();
            documents.get(1).path("stringData").fieldNames().forEachRemaining(secretKeys::add);
            assertThat(secretKeys).as("the rendered Secret's keys").containsExactlyInAnyOrderElementsOf(secret.keySet());
            String group = pod.path("securityContext").path("fsGroup").asText();
            Path pods = Files.createDirectories(WORK.resolve("pod"));
            List<ImageRoot.Mount> mounts = new ArrayList<>();
            for (JsonNode mount : container.path("volumeMounts")) {
                Path volume = Files.createDirectories(pods.resolve(mount.path("name").asText()));
                JsonNode source = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                        .filter(v -> v.path("name").asText().equals(mount.path("name").asText())).findFirst()
                        .orElseThrow();
                if (source.has("secret")) {
                    for (JsonNode item : source.path("secret").path("items")) {
                        Path file = Files.writeString(volume.resolve(item.path("path").asText()),
                                secret.get(item.path("key").asText()));
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
                        ImageRoot.exec("chown", "0:" + group, file.toString());
                    }
                } else {
                    // an emptyDir of a pod with an fsGroup: the group's, setgid, writable
                    ImageRoot.exec("chown", "0:" + group, volume.toString());
                    ImageRoot.exec("chmod", "2777", volume.toString());
                }
                mounts.add(new ImageRoot.Mount(volume, mount.path("mountPath").asText(),
                        mount.path("readOnly").asBoolean()));
            }
            Path terminationLog = Files.createFile(pods.resolve("termination-log"));
            Files.setPosixFilePermissions(terminationLog, PosixFilePermissions.fromString("rw-rw-rw-"));
            mounts.add(new ImageRoot.Mount(terminationLog, container.path("terminationMessagePath").asText()));
            List<String> commandLine = new ArrayList<>(worker.entrypoint());
            container.path("args").forEach(argument -> commandLine.add(argument.asText()));
            Path log = pods.resolve("worker.log");

            // When
            Process run = new ProcessBuilder(worker.run(commandLine, mounts,
                    pod.path("securityContext").path("runAsUser").asText() + ":"
                            + pod.path("securityContext").path("runAsGroup").asText(),
                    List.of(pod.path("securityContext").path("fsGroup").asInt()), environment))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();

            // Then
            assertThat(awaitExit(run)).as(Files.readString(log)).isZero();

            JsonNode result = MessageCodec.mapper().readTree(Files.readString(terminationLog));
            assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("completed");
            assertThat(store.list(LocalStack.SHARED_BUCKET, prefix)).contains(prefix + "synthetic.csv",
                    prefix + "report.json");
        }
    }

    @Test
    void theHubAndDispatcherImagesCarryATrainTaskToASyntheticTable() throws Exception {
        // Given
        assumeRoot();
        Map<String, ImageRoot> images = Map.of(
                "hub", ImageRoot.unpack(TARBALLS.get("hub"), WORK.resolve("roots/hub")),
                "dispatcher", ImageRoot.unpack(TARBALLS.get("dispatcher"), WORK.resolve("roots/dispatcher")));
        LocalStack.Options options = new LocalStack.Options(ROOT, WORK.resolve("stack"),
                "images-" + UUID.randomUUID().toString().substring(0, 8),
                Map.of("penguins", ROOT.resolve("data/penguins.csv")), true, images);
        try (LocalStack stack = LocalStack.start(options)) {
            // When
            var response = stack.submit("images", """
                    {"type": "train", "dataSource": "penguins", "modelConfig": {"synthesizer": "default"},
                     "parameters": {"seed": 3, "target": "Species"}}""");

            // Then
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String taskId = MessageCodec.mapper().readTree(response.body()).path("id").asText();
            JsonNode task = stack.awaitTerminal(taskId, Duration.ofMinutes(5));
            assertThat(task.path("state").asText()).as(task.toString()).isEqualTo("completed");
            assertThat(task.path("metrics").path("rows.synthetic").asLong()).isPositive();

            Path synthetic = WORK.resolve("penguins-synthetic.csv");
            stack.store().download(LocalStack.SHARED_BUCKET, task.path("outputPrefix").asText() + "synthetic.csv",
                    synthetic);
            assertThat(Files.readAllLines(synthetic).get(0))
                    .isEqualTo(Files.readAllLines(ROOT.resolve("data/penguins.csv")).get(0));
            // the run page, from the templates and assets the hub's image holds
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.hubUrl() + "/ui/tasks/" + taskId)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(taskId, "completed");
            // the compose file's health check, run in the hub's image against the running hub
            List<String> check = new ArrayList<>();
            YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services").path("hub")
                    .path("healthcheck").path("test").forEach(part -> check.add(part.asText()));
            assertThat(check.remove(0)).isEqualTo("CMD");
            check.replaceAll(part -> part.replace("http://127.0.0.1:8080", stack.hubUrl()));
            assertThat(check).anyMatch(part -> part.startsWith(stack.hubUrl() + "/q/health/ready"));
            ImageRoot hub = images.get("hub");
            Path healthLog = WORK.resolve("health.log");
            Process health = new ProcessBuilder(hub.run(check, List.of())).redirectErrorStream(true)
                    .redirectOutput(healthLog.toFile()).start();
            assertThat(awaitExit(health)).as(String.join(" ", check) + ": " + Files.readString(healthLog)).isZero();

            // the worker ran inside the dispatcher's image, as its user
            try (Stream<Path> files = Files.walk(stack.dispatcherWorkDir())) {
                Path workerLog = files.filter(f -> f.getFileName().toString().equals("worker.log")).findFirst()
                        .orElseThrow();
                assertThat(Files.getAttribute(workerLog, "unix:uid")).isEqualTo(185);
            }
        }
    }

    private static void assumeRoot() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name"))
                || Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
                "running containers with runc needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "runc (bin/setup-machine installs it)");
    }

    /**
     * The exit value of a process; one still running after five minutes is killed with all it started (runc passes a
     * kill of its own process on to no one), and then the test fails.
     */
    private static int awaitExit(Process process) throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("still running after five minutes: " + process.info().commandLine().orElse(""));
        }
        return process.exitValue();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
