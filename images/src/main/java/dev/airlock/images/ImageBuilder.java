package dev.airlock.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Builds the hub, dispatcher and worker images as image tarballs ({@code docker load}, {@code skopeo copy
 * docker-archive:…}, {@code crane push}) with Jib, from scratch: no Docker engine and no registry. Every image starts
 * with the same runtime layer, unpacked from Debian's packages by {@code images/build-runtime} (the C library, zlib,
 * OpenJDK 17's headless runtime, BusyBox for a shell and {@code wget}), plus a trust store made from Debian's CA
 * certificates, a user {@code airlock} (185:185) and a writable {@code /tmp}. The applications run as that user from
 * {@code /deployments}, where the chart mounts their configuration. The same inputs give the same image digests.
 */
@Command(name = "build-images", mixinStandardHelpOptions = true, description = "Build the hub, dispatcher and worker image tarballs without a Docker engine.")
public final class ImageBuilder implements Callable<Integer> {

    /** The java binary of Debian's OpenJDK 17 runtime. */
    public static final String JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java";
    /** The user and group every image runs as: the chart's and the worker Jobs' {@code runAsUser}. */
    public static final String USER = "185:185";
    /** Where the applications live and run. */
    public static final AbsoluteUnixPath HOME = AbsoluteUnixPath.get("/deployments");
    /** The worker's jar, in the worker's image and in the dispatcher's. */
    public static final AbsoluteUnixPath WORKER_JAR = HOME.resolve("worker/airlock-worker.jar");
    /** Where {@code build-runtime} lists the Debian packages and versions it unpacked. */
    static final String PACKAGES = "usr/share/airlock/packages.txt";

    private static final List<String> JVM_OPTIONS = List.of("-XX:MaxRAMPercentage=75.0",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    private static final String TRUST_STORE_PASSWORD = "changeit";

    @Option(names = "--runtime", required = true, description = "The runtime unpacked by images/build-runtime.")
    Path runtime;

    @Option(names = "--root", defaultValue = ".", description = "The project's root, holding the packaged "
            + "applications (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--output", defaultValue = "images/target/images", description = "Where the tarballs go "
            + "(default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--registry", defaultValue = "ghcr.io/airlock-dev", description = "Registry and namespace of the "
            + "images' names (default: ${DEFAULT-VALUE}, the chart's).")
    String registry;

    @Option(names = "--tag", description = "The images' tag (default: the chart's appVersion).")
    String tag;

    /** One image: its name, command, port and application layers (each a list of source and target). */
    record App(String name, List<String> entrypoint, Integer port, Map<String, List<FileEntry>> layers) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImageBuilder()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String imageTag = tag != null ? tag : chartAppVersion(root.resolve("charts/airlock/Chart.yaml"));
        Files.createDirectories(output);
        Path staging = Files.createDirectories(output.resolve("staging"));
        FileEntriesLayer runtimeLayer = runtimeLayer(runtime, staging);
        String packages = Files.readString(runtime.resolve(PACKAGES)).strip();
        for (App app : apps(root)) {
            Path tarball = output.resolve("airlock-" + app.name() + ".tar");
            String reference = registry + "/airlock-" + app.name() + ":" + imageTag;
            JibContainer container = image(app, runtimeLayer, imageTag, packages)
                    .containerize(Containerizer.to(TarImage.at(tarball).named(reference))
                            .setToolName("airlock-images")
                            .setApplicationLayersCache(output.resolve("cache"))
                            .setBaseImageLayersCache(output.resolve("cache")));
            System.out.println(reference + " " + container.getDigest() + " " + tarball);
        }
        return 0;
    }

    /** The three applications as the chart and the compose file run them. */
    static List<App> apps(Path root) throws IOException {
        Path hub = root.resolve("hub/target/quarkus-app");
        Path dispatcher = root.resolve("dispatcher/target/quarkus-app");
        Path workerJar = root.resolve("worker/target/airlock-worker.jar");
        List<String> quarkus = new ArrayList<>(List.of(JAVA));
        quarkus.addAll(JVM_OPTIONS);
        quarkus.addAll(List.of("-jar", HOME.resolve("quarkus-run.jar").toString()));

        // the worker's jar at the same place in both images that hold it: one layer, stored and pulled once
        List<FileEntry> worker = List.of(entry(workerJar, WORKER_JAR));
        Map<String, List<FileEntry>> dispatcherLayers = quarkusLayers(dispatcher);
        // with no cluster (the compose stack) the dispatcher runs workers as local processes of this jar
        dispatcherLayers.put("worker", worker);
        return List.of(
                new App("hub", quarkus, 8080, quarkusLayers(hub)),
                new App("dispatcher", quarkus, 8081, dispatcherLayers),
                new App("worker", List.of(JAVA, JVM_OPTIONS.get(0), "-jar", WORKER_JAR.toString()), null,
                        Map.of("worker", worker)));
    }

    private static JibContainerBuilder image(App app, FileEntriesLayer runtimeLayer, String imageTag,
            String packages) {
        JibContainerBuilder builder = Jib.fromScratch()
                .addFileEntriesLayer(runtimeLayer)
                .setEntrypoint(app.entrypoint())
                .setUser(USER)
                .setWorkingDirectory(HOME)
                .addEnvironmentVariable("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64")
                .addEnvironmentVariable("PATH", "/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/bin:/bin")
                .addEnvironmentVariable("LANG", "C.UTF-8")
                .addLabel("org.opencontainers.image.title", "airlock-" + app.name())
                .addLabel("org.opencontainers.image.version", imageTag)
                .addLabel("dev.airlock.runtime.packages", packages.replace('\n', ','));
        app.layers().forEach((name, entries) -> builder.addFileEntriesLayer(
                FileEntriesLayer.builder().setName(name).setEntries(entries).build()));
        if (app.port() != null) {
            builder.addExposedPort(Port.tcp(app.port()));
        }
        return builder;
    }

    /** A Quarkus fast-jar: its dependencies in one layer, which changes less often than the rest. */
    private static Map<String, List<FileEntry>> quarkusLayers(Path app) throws IOException {
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " holds no packaged application: run ./mvnw package first");
        }
        List<FileEntry> dependencies = new ArrayList<>();
        List<FileEntry> application = new ArrayList<>();
        try (Stream<Path> files = Files.walk(app)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                Path relative = app.relativize(file);
                (relative.startsWith("lib") ? dependencies : application)
                        .add(entry(file, HOME.resolve(unix(relative))));
            }
        }
        Map<String, List<FileEntry>> layers = new LinkedHashMap<>();
        layers.put("dependencies", dependencies);
        layers.put("application", application);
        return layers;
    }

    /**
     * The runtime's files as one layer. Debian's packages link some files to absolute paths of the system they are
     * installed on ({@code /etc/java-17-openjdk/…}); those links are resolved inside the runtime and their targets
     * written in their place, as Jib writes no links. Links to directories are aliases and left out; a link to
     * nothing is refused, as the file it stands for would be missing from the image.
     */
    static FileEntriesLayer runtimeLayer(Path runtime, Path staging) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(runtime.resolve(PACKAGES))) {
            throw new IllegalStateException(runtime + " is not a runtime unpacked by images/build-runtime");
        }
        for (String needed : List.of(JAVA, "/lib64/ld-linux-x86-64.so.2", "/bin/busybox")) {
            Path path = runtime.resolve(needed.substring(1));
            if (Files.isSymbolicLink(path) ? resolveInside(runtime, path) == null : !Files.isRegularFile(path)) {
                throw new IllegalStateException(runtime + " holds no " + needed + ": the images need Debian 12's "
                        + "packages for amd64");
            }
        }
        // what Debian's maintainer scripts would make on install, written into the runtime before it is laid out, so
        // that the JDK's link lib/security/cacerts -> /etc/ssl/certs/java/cacerts finds its target
        Files.writeString(Files.createDirectories(runtime.resolve("etc")).resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\nairlock:x:185:185:Airlock:/deployments:/sbin/nologin\n");
        Files.writeString(runtime.resolve("etc/group"), "root:x:0:\nairlock:x:185:\n");
        trustStore(runtime, Files.createDirectories(runtime.resolve("etc/ssl/certs/java")).resolve("cacerts"));

        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("runtime");
        try (Stream<Path> paths = Files.walk(runtime)) {
            for (Path path : paths.sorted().toList()) {
                if (path.equals(runtime)) {
                    continue;
                }
                AbsoluteUnixPath target = AbsoluteUnixPath.get("/" + unix(runtime.relativize(path)));
                Path source = Files.isSymbolicLink(path) ? resolveInside(runtime, path) : path;
                if (source == null) {
                    throw new IllegalStateException("the runtime's link " + target + " -> "
                            + Files.readSymbolicLink(path) + " points to nothing the runtime holds");
                }
                if (!(source != path && Files.isDirectory(source))) {
                    layer.addEntry(new FileEntry(source, target, permissions(source),
                            FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
                }
            }
        }
        Path busybox = runtime.resolve("bin/busybox");
        // BusyBox picks its command by the name it is called by: a shell for debugging, wget for health checks
        layer.addEntry(busybox, AbsoluteUnixPath.get("/bin/sh"), permissions(busybox));
        layer.addEntry(busybox, AbsoluteUnixPath.get("/usr/bin/wget"), permissions(busybox));

        Path empty = Files.createDirectories(staging.resolve("empty"));
        // the chart mounts an emptyDir on /tmp; the compose stack writes to the image's own
        layer.addEntry(new FileEntry(empty, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"),
                FileEntriesLayer.DEFAULT_MODIFICATION_TIME, USER));
        layer.addEntry(new FileEntry(empty, HOME, FilePermissions.fromOctalString("755"),
                FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
        return layer.build();
    }

    /**
     * Java's trust store ({@code cacerts}) from the CA certificates of Debian's {@code ca-certificates}: a PKCS #12
     * file without a MAC and with its certificates unencrypted, as the JDK's own {@code cacerts} is since JDK 18. That
     * leaves nothing random or dated in it (a JKS file dates every entry, a MAC takes a random salt), so the same
     * certificates give the same bytes and the runtime layer the same digest.
     */
    static Path trustStore(Path runtime, Path target) throws IOException, GeneralSecurityException {
        Path certificates = runtime.resolve("usr/share/ca-certificates/mozilla");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (Stream<Path> files = Files.list(certificates)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".crt")).sorted().toList()) {
                // named as Debian's ca-certificates-java names them, after their links in /etc/ssl/certs
                String alias = "debian:" + file.getFileName().toString().toLowerCase(Locale.ROOT)
                        .replaceFirst("\\.crt$", ".pem");
                try (InputStream in = Files.newInputStream(file)) {
                    Certificate certificate = factory.generateCertificate(in);
                    store.setCertificateEntry(alias, certificate);
                }
            }
        }
        if (store.size() == 0) {
            throw new IllegalStateException(certificates + " holds no CA certificates");
        }
        Map<String, String> before = new LinkedHashMap<>();
        for (String property : List.of("keystore.pkcs12.macAlgorithm", "keystore.pkcs12.certProtectionAlgorithm")) {
            before.put(property, System.getProperty(property));
            System.setProperty(property, "NONE");
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        } finally {
            before.forEach((property, value) -> {
                if (value == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, value);
                }
            });
        }
        return target;
    }

    /** Follows a link inside the runtime, where an absolute target means the runtime's root; null if it dangles. */
    private static Path resolveInside(Path runtime, Path link) throws IOException {
        Path current = link;
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(current); hops++) {
            Path target = Files.readSymbolicLink(current);
            current = (target.isAbsolute()
                    ? runtime.resolve(target.toString().substring(1))
                    : current.getParent().resolve(target)).normalize();
            if (!current.startsWith(runtime)) {
                return null;
            }
        }
        if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(current)) {
            return null;
        }
        // a link among the parent directories is followed by the file system, against the builder's root: refuse
        // what would leave the runtime
        return current.toRealPath().startsWith(runtime.toRealPath()) ? current : null;
    }

    private static FileEntry entry(Path source, AbsoluteUnixPath target) {
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException(source + " is missing: run ./mvnw package first");
        }
        return new FileEntry(source, target, FilePermissions.fromOctalString("644"),
                FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
    }

    /**
     * 755 for directories and files anyone may execute, 644 for the others: the packages' modes, without what the
     * builder's umask left on the files it unpacked or wrote (the same digest under any umask, and the trust store
     * readable by the images' user however strict the builder's umask was).
     */
    private static FilePermissions permissions(Path path) {
        try {
            boolean executable = Files.isDirectory(path) || Files.getPosixFilePermissions(path).stream()
                    .anyMatch(p -> p.name().endsWith("_EXECUTE"));
            return FilePermissions.fromOctalString(executable ? "755" : "644");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unix(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    /** The chart's appVersion: the tag its values use for our images when theirs is empty. */
    static String chartAppVersion(Path chart) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^appVersion:\\s*\"?([^\"\\s]+)\"?\\s*$")
                .matcher(Files.readString(chart, StandardCharsets.UTF_8));
        if (!matcher.find()) {
            throw new IllegalStateException(chart + " has no appVersion");
        }
        return matcher.group(1);
    }
}
