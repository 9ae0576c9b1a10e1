package dev.airlock.dispatcher.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import dev.airlock.dispatcher.launch.LauncherContractTest;
import dev.airlock.dispatcher.launch.WorkerLauncher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/**
 * The launcher contract for Kubernetes Jobs: fabric8's mock API server in CRUD mode, with {@link TestKubelet} running
 * the real worker jar with each Job's environment and writing pod and Job status as a kubelet would.
 */
@EnableKubernetesMockClient(crud = true)
class JobLauncherContractTest extends LauncherContractTest {

    static KubernetesClient client;

    private static TestKubelet kubelet;
    private final List<JobLauncher> launchers = new ArrayList<>();

    @BeforeAll
    static void startKubelet() {
        kubelet = new TestKubelet(client, JobLauncherTest.NAMESPACE, workerJar());
        kubelet.givenAnyOtherTask(TestKubelet.Scenario.RUN_WORKER);
    }

    @AfterAll
    static void stopKubelet() {
        kubelet.close();
    }

    @AfterEach
    void stopLaunchers() {
        launchers.forEach(JobLauncher::close);
    }

    @Override
    protected WorkerLauncher launcher() {
        JobLauncher launcher = JobLauncherTest.launcher(client, 0, Duration.ofSeconds(30));
        launchers.add(launcher);
        return launcher;
    }
}
