package dev.airlock.dispatcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.airlock.dispatcher.kubernetes.TestKubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * fabric8's mock API server in CRUD mode with a {@link TestKubelet} playing the cluster; the dispatcher runs the
 * Kubernetes launcher against it.
 */
public class KubernetesMockServerResource implements QuarkusTestResourceLifecycleManager {

    /** The namespace Jobs go to. */
    public static final String NAMESPACE = "airlock-zone";

    static KubernetesMockServer server;
    static KubernetesClient client;
    static TestKubelet kubelet;
    private Map<String, String> overrides = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        overrides = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        kubelet = new TestKubelet(client, NAMESPACE, Path.of(System.getProperty("airlock.worker.jar")));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.kubernetes-client.api-server-url", server.url("/"));
        config.put("quarkus.kubernetes-client.trust-certs", "true");
        config.put("quarkus.kubernetes-client.namespace", NAMESPACE);
        config.put("dispatcher.launcher", "kubernetes");
        config.put("dispatcher.max-running-workers", "20");
        config.put("dispatcher.kubernetes.relist-period", "1s");
        config.put("dispatcher.kubernetes.unschedulable-after", "1s");
        config.put("dispatcher.worker-heartbeat.timeout", "8s");
        config.put("dispatcher.launch-retry-window", "6s");
        config.put("dispatcher.worker-heartbeat.check-every", "1s");
        config.put("dispatcher.kubernetes.worker-classes.train.image", "ghcr.io/airlock-dev/airlock-worker:test");
        config.put("dispatcher.kubernetes.worker-classes.generate.image", "ghcr.io/airlock-dev/airlock-worker:test");
        config.putAll(overrides);
        return config;
    }

    @Override
    public void stop() {
        if (kubelet != null) {
            kubelet.close();
            client.close();
            server.destroy();
        }
    }
}
