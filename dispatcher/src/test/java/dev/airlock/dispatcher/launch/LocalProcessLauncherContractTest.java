package dev.airlock.dispatcher.launch;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;

/** The launcher contract for child processes of the dispatcher. */
class LocalProcessLauncherContractTest extends LauncherContractTest {

    @TempDir
    Path workDir;

    @Override
    protected WorkerLauncher launcher() {
        return new LocalProcessLauncher(workDir, List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", workerJar().toString()), 3600);
    }
}
