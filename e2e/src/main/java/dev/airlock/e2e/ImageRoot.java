package dev.airlock.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;

/**
 * A container image tarball ({@code docker save} layout, as Jib writes it) unpacked into a root file system, and the
 * command that runs its entrypoint there the way a container runtime would, without one: in a mount and process
 * namespace of its own ({@code unshare}), with {@code /proc} and {@code /dev}, chrooted, as the image's user and with
 * its environment and working directory; its root file system read-only and {@code /tmp} a fresh one, as the chart
 * runs every container. The network is the host's, so loopback services are reachable. Needs root
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

    /**
     * @param arguments what follows the entrypoint
     * @param binds host directories to mount at the same path inside (they must exist)
     * @return the command line that runs the entrypoint in this root as the image's user. To stop it, stop the
     *         process's descendants too ({@link ProcessHandle#descendants()}): the user switch clears the signal
     *         {@code unshare --kill-child} would send them
     */
    public List<String> command(List<String> arguments, List<Path> binds) {
        List<String> commandLine = new ArrayList<>(entrypoint);
        commandLine.addAll(arguments);
        return run(commandLine, binds);
    }

    /**
     * @param commandLine a program of the image and its arguments, in place of the entrypoint (as {@code docker run
     *        --entrypoint} or a health check runs one)
     * @param binds host directories to mount at the same path inside (they must exist)
     * @return the command line that runs it in this root as the image's user
     */
    public List<String> run(List<String> commandLine, List<Path> binds) {
        StringBuilder script = new StringBuilder("set -e; R=\"$1\"; shift; mkdir -p \"$R/proc\" \"$R/dev\" \"$R/tmp\"; ");
        for (Path bind : binds) {
            script.append("mkdir -p \"$R").append(bind.toAbsolutePath()).append("\"; ");
        }
        // read-only, with a /tmp of its own, as the chart runs every container
        script.append("mount --bind \"$R\" \"$R\"; mount -o remount,bind,ro \"$R\"; ")
                .append("mount -t proc proc \"$R/proc\"; mount --rbind /dev \"$R/dev\"; ")
                .append("mount -t tmpfs -o mode=1777 tmpfs \"$R/tmp\"; ");
        for (Path bind : binds) {
            String path = bind.toAbsolutePath().toString();
            script.append("mount --bind '").append(path).append("' \"$R").append(path).append("\"; ");
        }
        script.append("exec /usr/sbin/chroot --userspec=").append(user).append(" \"$R\" /bin/sh -c 'cd \"$0\" && exec \"$@\"' ")
                .append("'").append(workingDir).append("' \"$@\"");
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
