package dev.airlock.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.airlock.common.contract.MessageCodec;

/**
 * A container image tarball ({@code docker save} layout, as Jib writes it) unpacked into a root file system, and the
 * commands that run it as a container with {@code runc}, the OCI runtime beneath Docker and most Kubernetes nodes
 * ({@link #run(List, List, String, List, Map)}). Needs root and runc ({@code bin/setup-machine} installs it).
 *
 * @param root the unpacked file system
 * @param reference the image's name and tag
 * @param entrypoint the image's entrypoint
 * @param environment the image's environment
 * @param user the image's {@code uid:gid}
 * @param workingDir the image's working directory
 */
public record ImageRoot(Path root, String reference, List<String> entrypoint, Map<String, String> environment,
        String user, String workingDir) {

    /**
     * @param tarball an image tarball
     * @param into an empty or missing directory for its file system
     * @return the unpacked image
     * @throws IOException when the tarball cannot be read or unpacked
     */
    public static ImageRoot unpack(Path tarball, Path into) throws IOException, InterruptedException {
        Path root = Files.createDirectories(into);
        Archive archive = Archive.read(tarball, into.resolveSibling(into.getFileName() + ".archive"));
        for (String layer : archive.layers()) {
            exec("tar", "-xzf", archive.directory().resolve(layer).toString(), "-C", root.toString(),
                    "--warning=no-unknown-keyword");
        }
        JsonNode manifest = archive.manifest();
        JsonNode config = archive.config();
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        Map<String, String> environment = new LinkedHashMap<>();
        config.path("Env").forEach(pair -> {
            String[] keyValue = pair.asText().split("=", 2);
            environment.put(keyValue[0], keyValue[1]);
        });
        return new ImageRoot(root, manifest.path("RepoTags").path(0).asText(), List.copyOf(entrypoint),
                Map.copyOf(environment), config.path("User").asText(), config.path("WorkingDir").asText("/"));
    }

    private static final String RUNC = "/usr/sbin/runc";

    /**
     * An image tarball's own files, unpacked: its manifest, its configuration and its compressed layers.
     *
     * @param directory where they are
     * @param manifest the tarball's single manifest ({@code RepoTags}, {@code Config}, {@code Layers})
     * @param config the image's configuration's {@code config} ({@code Entrypoint}, {@code Env}, {@code User}, ...)
     */
    public record Archive(Path directory, JsonNode manifest, JsonNode config) {

        /**
         * @param tarball an image tarball
         * @param into an empty or missing directory for its files
         * @return them, read
         */
        public static Archive read(Path tarball, Path into) throws IOException, InterruptedException {
            Path directory = Files.createDirectories(into);
            exec("tar", "-xf", tarball.toString(), "-C", directory.toString(), "--warning=no-unknown-keyword");
            JsonNode manifest = MessageCodec.mapper().readTree(directory.resolve("manifest.json").toFile()).get(0);
            JsonNode config = MessageCodec.mapper()
                    .readTree(directory.resolve(manifest.path("Config").asText()).toFile()).path("config");
            return new Archive(directory, manifest, config);
        }

        /** @return the layers' file names, base first */
        public List<String> layers() {
            List<String> layers = new ArrayList<>();
            manifest.path("Layers").forEach(layer -> layers.add(layer.asText()));
            return layers;
        }
    }

    /**
     * A host directory or file mounted into the running image, as a volume is.
     *
     * @param source the host directory or file
     * @param target where the image sees it
     * @param readOnly whether it is mounted read-only, as a volume mount with {@code readOnly: true}
     */
    public record Mount(Path source, String target, boolean readOnly) {

        /** A writable mount. */
        public Mount(Path source, String target) {
            this(source, target, false);
        }

        /** @return the host directory at the same path inside, writable */
        public static Mount same(Path directory) {
            return new Mount(directory, directory.toAbsolutePath().toString());
        }
    }

    /**
     * @param arguments what follows the entrypoint
     * @param binds host directories to mount at the same path inside
     * @param environment variables added to the image's
     * @return the command line that runs the entrypoint as the image's user (see {@link #run(List, List, String, List,
     *         Map)})
     */
    public List<String> command(List<String> arguments, List<Path> binds, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> commandLine = new ArrayList<>(entrypoint);
        commandLine.addAll(arguments);
        return run(commandLine, binds.stream().map(Mount::same).toList(), user, List.of(), environment);
    }

    /**
     * @param commandLine a program of the image and its arguments, in place of the entrypoint (as {@code docker run
     *        --entrypoint} or a health check runs one)
     * @param binds host directories to mount at the same path inside
     * @return the command line that runs it as the image's user (see {@link #run(List, List, String, List, Map)})
     */
    public List<String> run(List<String> commandLine, List<Path> binds) throws IOException, InterruptedException {
        return run(commandLine, binds.stream().map(Mount::same).toList(), user, List.of(), Map.of());
    }

    /**
     * A container of this image for {@code runc}, the OCI runtime beneath Docker and most Kubernetes nodes: a bundle
     * of its own whose configuration ({@code runc spec}'s, then changed as below) points at this root file system.
     * The container gets its own pid, ipc, uts and mount namespaces and the host's network (so loopback services are
     * reachable), the chart's container security context ({@link #withSecurityContext}), the image's environment and
     * working directory. {@code runc run} stays in the foreground
     * and removes the container when it ends; stopping it means signalling the container's process, one of its
     * descendants ({@link ProcessHandle#descendants()}). Needs root, as runc does.
     *
     * @param commandLine the program and its arguments
     * @param mounts host directories and files mounted into the container
     * @param runAs {@code uid:gid} to run as, as a pod's security context sets it over the image's user
     * @param groups supplementary groups, as a pod's {@code fsGroup} adds one
     * @param environment variables added to the image's
     * @return the command line that runs it: {@code runc run --bundle <bundle> <id>}
     */
    public List<String> run(List<String> commandLine, List<Mount> mounts, String runAs, List<Integer> groups,
            Map<String, String> environment) throws IOException, InterruptedException {
        String id = "airlock-" + UUID.randomUUID();
        Path bundle = Files.createDirectories(root.resolveSibling(root.getFileName() + ".containers").resolve(id));
        exec(RUNC, "spec", "--bundle", bundle.toString());
        ObjectNode config = (ObjectNode) MessageCodec.mapper().readTree(bundle.resolve("config.json").toFile());
        config.putObject("root").put("path", root.toAbsolutePath().toString());
        withSecurityContext(config);
        ObjectNode process = (ObjectNode) config.path("process");
        process.put("cwd", workingDir);
        ArrayNode args = process.putArray("args");
        commandLine.forEach(args::add);
        ArrayNode env = process.putArray("env");
        Map<String, String> variables = new LinkedHashMap<>(this.environment);
        variables.putAll(environment);
        variables.forEach((key, value) -> env.add(key + "=" + value));
        String[] ids = runAs.split(":");
        ObjectNode owner = process.putObject("user").put("uid", Integer.parseInt(ids[0]))
                .put("gid", Integer.parseInt(ids[1]));
        if (!groups.isEmpty()) {
            ArrayNode additional = owner.putArray("additionalGids");
            groups.forEach(additional::add);
        }
        // the runtime's own limits, not runc spec's 1,024 open files, as Docker and containerd leave them
        process.remove("rlimits");
        ArrayNode namespaces = ((ObjectNode) config.path("linux")).putArray("namespaces");
        List.of("pid", "ipc", "uts", "mount").forEach(type -> namespaces.addObject().put("type", type));
        ArrayNode configMounts = (ArrayNode) config.path("mounts");
        mounts.stream().sorted(Comparator.comparingLong(m -> m.target().chars().filter(c -> c == '/').count()))
                .forEach(mount -> configMounts.addObject().put("destination", mount.target()).put("type", "bind")
                        .put("source", mount.source().toAbsolutePath().toString()).putArray("options")
                        .add("rbind").add(mount.readOnly() ? "ro" : "rw"));
        MessageCodec.mapper().writeValue(bundle.resolve("config.json").toFile(), config);
        return List.of(RUNC, "run", "--bundle", bundle.toString(), id);
    }

    /**
     * Gives an OCI runtime configuration the chart's container security context: no capabilities, no new privileges,
     * a read-only root, and a tmpfs on {@code /tmp}, where the chart mounts an empty dir; no terminal.
     *
     * @param config a runtime bundle's {@code config.json}, changed in place
     */
    public static void withSecurityContext(ObjectNode config) {
        ((ObjectNode) config.path("root")).put("readonly", true);
        ObjectNode process = (ObjectNode) config.path("process");
        process.put("terminal", false).put("noNewPrivileges", true);
        ObjectNode capabilities = process.putObject("capabilities");
        List.of("bounding", "effective", "inheritable", "permitted", "ambient").forEach(capabilities::putArray);
        ((ArrayNode) config.path("mounts")).addObject().put("destination", "/tmp").put("type", "tmpfs")
                .put("source", "tmpfs").putArray("options").add("nosuid").add("nodev").add("mode=1777");
    }

    /**
     * Runs a command of the host to its end.
     *
     * @param command the program and its arguments
     * @throws IOException when it fails or runs past five minutes, with its output
     */
    public static void exec(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
