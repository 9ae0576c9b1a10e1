package dev.airlock.dispatcher.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.airlock.dispatcher.config.DispatcherConfig;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;

/**
 * What {@link JobFactory} needs besides the task, parsed once from {@code dispatcher.kubernetes.*}. A setting that is
 * not valid JSON of its kind fails start-up with a message naming it.
 *
 * @param zone this zone's name
 * @param namespace where Jobs go
 * @param maxDurationSeconds the longest a worker may be active; a task may ask for less
 * @param ttlSecondsAfterFinished how long finished Jobs stay
 * @param workDirSizeLimit size limit of the worker's work directory
 * @param imagePullSecrets pull secrets of every worker pod
 * @param workerLabels labels of every worker Job and pod
 * @param podSecurityContext the pod security context
 * @param containerSecurityContext the container security context
 * @param workerClasses the worker classes by name
 */
public record JobSettings(String zone, String namespace, long maxDurationSeconds, int ttlSecondsAfterFinished,
        Quantity workDirSizeLimit, List<LocalObjectReference> imagePullSecrets, Map<String, String> workerLabels,
        PodSecurityContext podSecurityContext, SecurityContext containerSecurityContext,
        Map<String, WorkerClassSettings> workerClasses) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String PREFIX = "dispatcher.kubernetes.";

    /**
     * One worker class.
     *
     * @param image the worker image
     * @param serviceAccount the Jobs' service account, or {@code null} for the namespace's default
     * @param resources container resources
     * @param nodeSelector node selector
     * @param tolerations tolerations
     * @param affinity affinity, or {@code null}
     */
    public record WorkerClassSettings(String image, String serviceAccount, ResourceRequirements resources,
            Map<String, String> nodeSelector, List<Toleration> tolerations, Affinity affinity) {
    }

    /**
     * @param kubernetes the launcher's settings
     * @param zone this zone's name
     * @param maxDuration {@code dispatcher.max-duration}
     * @param defaultNamespace the namespace when none is configured
     * @return the parsed settings
     * @throws IllegalArgumentException naming the setting that is not valid
     */
    public static JobSettings from(DispatcherConfig.Kubernetes kubernetes, String zone, Duration maxDuration,
            String defaultNamespace) {
        Map<String, WorkerClassSettings> classes = new TreeMap<>();
        kubernetes.workerClasses().forEach((name, settings) -> {
            String prefix = "worker-classes." + name + ".";
            Affinity affinity = parse(prefix + "affinity", settings.affinity(), new TypeReference<Affinity>() {
            });
            boolean noAffinity = affinity.getNodeAffinity() == null && affinity.getPodAffinity() == null
                    && affinity.getPodAntiAffinity() == null;
            classes.put(name, new WorkerClassSettings(settings.image(), settings.serviceAccount().orElse(null),
                    parse(prefix + "resources", settings.resources(), new TypeReference<ResourceRequirements>() {
                    }),
                    new TreeMap<>(parse(prefix + "node-selector", settings.nodeSelector(),
                            new TypeReference<Map<String, String>>() {
                            })),
                    parse(prefix + "tolerations", settings.tolerations(), new TypeReference<List<Toleration>>() {
                    }),
                    noAffinity ? null : affinity));
        });
        return new JobSettings(zone, kubernetes.namespace().orElse(defaultNamespace), maxDuration.toSeconds(),
                kubernetes.ttlSecondsAfterFinished(), parseQuantity(kubernetes.workDirSizeLimit()),
                parse("image-pull-secrets", kubernetes.imagePullSecrets(),
                        new TypeReference<List<LocalObjectReference>>() {
                        }),
                new TreeMap<>(parse("worker-labels", kubernetes.workerLabels(),
                        new TypeReference<Map<String, String>>() {
                        })),
                parse("pod-security-context", kubernetes.podSecurityContext(),
                        new TypeReference<PodSecurityContext>() {
                        }),
                parse("container-security-context", kubernetes.containerSecurityContext(),
                        new TypeReference<SecurityContext>() {
                        }),
                classes);
    }

    private static <T> T parse(String key, String json, TypeReference<T> type) {
        try {
            T value = JSON.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException(PREFIX + key + " must not be null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(PREFIX + key + " is not valid JSON of its kind: "
                    + e.getOriginalMessage().split("\n")[0]);
        }
    }

    private static Quantity parseQuantity(String value) {
        try {
            Quantity quantity = new Quantity(value);
            Quantity.getAmountInBytes(quantity);
            return quantity;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PREFIX + "work-dir-size-limit is not a quantity such as 10Gi");
        }
    }
}
