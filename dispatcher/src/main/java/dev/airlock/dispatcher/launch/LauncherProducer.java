package dev.airlock.dispatcher.launch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.airlock.dispatcher.cancel.CancelLedger;
import dev.airlock.dispatcher.cancel.ConfigMapCancelLedger;
import dev.airlock.dispatcher.cancel.FileCancelLedger;
import dev.airlock.dispatcher.config.DispatcherConfig;
import dev.airlock.dispatcher.kubernetes.CreateRateLimiter;
import dev.airlock.dispatcher.kubernetes.JobFactory;
import dev.airlock.dispatcher.kubernetes.JobLauncher;
import dev.airlock.dispatcher.kubernetes.JobSettings;
import dev.airlock.dispatcher.kubernetes.JobStateReader;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Builds the launcher {@code dispatcher.launcher} names. The Kubernetes client is only looked up for the
 * {@code kubernetes} launcher, so the local launcher needs no cluster.
 */
public class LauncherProducer {

    @Produces
    @Singleton
    WorkerLauncher launcher(DispatcherConfig config, Instance<KubernetesClient> kubernetesClient) {
        if (config.launcher() == DispatcherConfig.LauncherKind.KUBERNETES) {
            KubernetesClient client = kubernetesClient.get();
            DispatcherConfig.Kubernetes kubernetes = config.kubernetes();
            JobSettings settings = JobSettings.from(kubernetes, config.zone(), config.maxDuration(),
                    clientNamespace(client));
            if (settings.workerClasses().isEmpty()) {
                throw new IllegalArgumentException(
                        "dispatcher.kubernetes.worker-classes is empty: the kubernetes launcher needs at least one worker class");
            }
            return new JobLauncher(client, new JobFactory(settings),
                    new JobStateReader(kubernetes.unschedulableAfter()),
                    new CreateRateLimiter(kubernetes.createRate(), kubernetes.createBurst(), System::nanoTime),
                    kubernetes.relistPeriod(), Clock.systemUTC());
        }
        DispatcherConfig.Local local = config.local();
        Path workDir = localWorkDir(local);
        String javaBinary = local.java().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new LocalProcessLauncher(workDir, List.of(javaBinary, "-Xmx" + local.maxHeap(), "-jar",
                local.workerJar().toAbsolutePath().toString()), config.maxDuration().toSeconds());
    }

    /**
     * The cancel ledger beside the launcher: a ConfigMap on Kubernetes, a file in the work directory locally. It is
     * loaded here, so a dispatcher that cannot read it does not start.
     */
    @Produces
    @Singleton
    CancelLedger cancelLedger(DispatcherConfig config, Instance<KubernetesClient> kubernetesClient) {
        CancelLedger ledger;
        if (config.launcher() == DispatcherConfig.LauncherKind.KUBERNETES) {
            KubernetesClient client = kubernetesClient.get();
            // beside the Jobs, in the namespace JobSettings resolves
            String namespace = config.kubernetes().namespace().orElse(clientNamespace(client));
            ledger = new ConfigMapCancelLedger(client, namespace, config.kubernetes().cancelLedger(),
                    config.signing().maxAge());
        } else {
            ledger = new FileCancelLedger(localWorkDir(config.local()).resolve("cancelled-tasks"),
                    config.signing().maxAge());
        }
        ledger.load(Instant.now());
        return ledger;
    }

    private static String clientNamespace(KubernetesClient client) {
        return client.getNamespace() == null ? "default" : client.getNamespace();
    }

    private static Path localWorkDir(DispatcherConfig.Local local) {
        return local.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "airlock-dispatcher"));
    }

    void close(@Disposes WorkerLauncher launcher) throws Exception {
        if (launcher instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
