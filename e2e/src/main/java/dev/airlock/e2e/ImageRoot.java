package dev.airlock.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;

/**
 * A container image tarball ({@code docker save} layout, as Jib writes it) unpacked into a root file system, and the
 * command that runs its entrypoint there the way a container runtime would, without one: in a mount and process
 * namespace of its own ({@code unshare}), with {@code /proc} and a {@code /dev} of its own, chrooted, as the image's
 * user and with its environment and working directory; its root file system read-only and {@code /tmp} a fresh one,
 * as the chart runs every container. The network is the host's, so loopback services are reachable. Needs root
 * (to chroot and mount), as the container runtime does.
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
        Path archive = Files.createDirectories(into.resolveSibling(into.getFileName() + ".archive"));
        Path root = Files.createDirectories(into);
        untar(tarball, archive, false);
        JsonNode manifest = MessageCodec.mapper().readTree(archive.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.path("Layers")) {
            untar(archive.resolve(layer.asText()), root, true);
        }
        JsonNode config = MessageCodec.mapper().readTree(archive.resolve(manifest.path("Config").asText()).toFile())
                .path("config");
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

    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/@+-]*");

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
     * @return the command line that runs the entrypoint in this root as the image's user. To stop it, stop the
     *         process's descendants too ({@link ProcessHandle#descendants()}): the user switch clears the signal
     *         {@code unshare --kill-child} would send them
     */
    public List<String> command(List<String> arguments, List<Path> binds) {
        List<String> commandLine = new ArrayList<>(entrypoint);
        commandLine.addAll(arguments);
        return run(commandLine, binds.stream().map(Mount::same).toList(), user);
    }

    /**
     * @param commandLine a program of the image and its arguments, in place of the entrypoint (as {@code docker run
     *        --entrypoint} or a health check runs one)
     * @param binds host directories to mount at the same path inside
     * @return the command line that runs it in this root as the image's user
     */
    public List<String> run(List<String> commandLine, List<Path> binds) {
        return run(commandLine, binds.stream().map(Mount::same).toList(), user);
    }

    /**
     * @param commandLine the program and its arguments
     * @param mounts directories (made inside if missing) and files (only below {@code /dev}, which is the
     *        container's own, as the kubelet's termination log is)
     * @param runAs {@code uid:gid} to run as, as a pod's security context sets it over the image's user
     * @return the command line that runs it in this root: {@code /proc}, a {@code /dev} of its own with the usual
     *         devices, the root file system read-only and {@code /tmp} a fresh one, as the chart runs every container
     */
    public List<String> run(List<String> commandLine, List<Mount> mounts, String runAs) {
        // the script below runs as root: only plain paths and ids go into it
        for (String value : mounts.stream().flatMap(m -> Stream.of(m.source().toAbsolutePath().toString(), m.target()))
                .collect(java.util.stream.Collectors.toList())) {
            if (!SAFE_PATH.matcher(value).matches()) {
                throw new IllegalArgumentException("not a plain absolute path: " + value);
            }
        }
        if (!SAFE_PATH.matcher(workingDir).matches() || !runAs.matches("[0-9]+:[0-9]+")) {
            throw new IllegalArgumentException("not a plain working directory or uid:gid: " + workingDir + ", " + runAs);
        }
        StringBuilder script = new StringBuilder("set -e; R=\"$1\"; shift; mkdir -p \"$R/proc\" \"$R/dev\" \"$R/tmp\"; ");
        for (Mount mount : mounts) {
            if (Files.isDirectory(mount.source())) {
                script.append("mkdir -p \"$R").append(mount.target()).append("\"; ");
            } else if (!mount.target().startsWith("/dev/")) {
                throw new IllegalArgumentException("a file can be mounted below /dev only: " + mount.target());
            }
        }
        script.append("mount --bind \"$R\" \"$R\"; mount -o remount,bind,ro \"$R\"; ")
                .append("mount -t proc proc \"$R/proc\"; ")
                .append("mount -t tmpfs -o mode=755 tmpfs \"$R/dev\"; ")
                .append("for d in null zero full random urandom tty; do touch \"$R/dev/$d\"; ")
                .append("mount --bind \"/dev/$d\" \"$R/dev/$d\"; done; ")
                .append("mount -t tmpfs -o mode=1777 tmpfs \"$R/tmp\"; ");
        // parents before children, as a container runtime orders them, so that no mount hides another
        List<Mount> ordered = mounts.stream()
                .sorted(java.util.Comparator.comparingLong(m -> m.target().chars().filter(c -> c == '/').count()))
                .toList();
        for (Mount mount : ordered) {
            // again, for mount points below the fresh /tmp and /dev (elsewhere they exist and nothing is written)
            script.append(Files.isDirectory(mount.source()) ? "mkdir -p \"$R" : "touch \"$R").append(mount.target())
                    .append("\"; ");
            script.append("mount --bind '").append(mount.source().toAbsolutePath()).append("' \"$R")
                    .append(mount.target()).append("\"; ");
            if (mount.readOnly()) {
                script.append("mount -o remount,bind,ro \"$R").append(mount.target()).append("\"; ");
            }
        }
        script.append("exec /usr/sbin/chroot --userspec=").append(runAs)
                .append(" \"$R\" /bin/sh -c 'cd \"$0\" && exec \"$@\"' '").append(workingDir).append("' \"$@\"");
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork",
                "--kill-child", "/bin/sh", "-c", script.toString(), "sh", root.toAbsolutePath().toString()));
        command.addAll(commandLine);
        return command;
    }

    /**
     * @param command a command from {@link #command}
     * @param environment variables added to the image's
     * @return a builder with the image's environment and the given variables, nothing of the caller's
     */
    public ProcessBuilder processBuilder(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(this.environment);
        builder.environment().putAll(environment);
        return builder;
    }

    private static void untar(Path tarball, Path into, boolean gzip) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", gzip ? "-xzf" : "-xf", tarball.toString(), "-C", into.toString(),
                "--warning=no-unknown-keyword").redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            throw new IOException("cannot unpack " + tarball + ": " + output);
        }
    }
}
