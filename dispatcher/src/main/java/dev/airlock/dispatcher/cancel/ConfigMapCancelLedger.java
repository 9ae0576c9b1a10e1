package dev.airlock.dispatcher.cancel;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The Kubernetes launcher's ledger: a ConfigMap in the dispatcher's namespace, task id to instant. Each cancel replaces
 * the ConfigMap's data with what is still remembered (optimistic locking on its resource version; this dispatcher is
 * its only writer), so expired entries leave as new ones come.
 */
public final class ConfigMapCancelLedger extends CancelLedger {

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    /**
     * @param client the cluster
     * @param namespace the dispatcher's namespace
     * @param name the ConfigMap's name
     * @param retention how long a cancel is remembered
     */
    public ConfigMapCancelLedger(KubernetesClient client, String namespace, String name, Duration retention) {
        super(retention);
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    protected Map<String, Instant> stored() {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        Map<String, Instant> entries = new HashMap<>();
        if (map != null && map.getData() != null) {
            map.getData().forEach((taskId, at) -> {
                try {
                    entries.put(taskId, Instant.parse(at));
                } catch (DateTimeParseException e) {
                    // not ours: ignored
                }
            });
        }
        return entries;
    }

    @Override
    protected synchronized void store(String taskId, Instant at, Map<String, Instant> current) {
        Map<String, String> data = new HashMap<>();
        current.forEach((id, when) -> data.put(id, when.toString()));
        for (int attempt = 1;; attempt++) {
            try {
                ConfigMap existing = client.configMaps().inNamespace(namespace).withName(name).get();
                if (existing == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                            .withName(name).addToLabels("app.kubernetes.io/managed-by", "airlock-dispatcher")
                            .endMetadata().withData(data).build()).create();
                } else {
                    existing.setData(data);
                    client.configMaps().inNamespace(namespace).resource(existing).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw new IllegalStateException("cannot record the cancel of task " + taskId + " in ConfigMap "
                            + namespace + "/" + name + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
