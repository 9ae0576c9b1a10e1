package dev.airlock.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders {@code charts/airlock} with real Helm (helm-java runs Helm's Go code in process) and parses what it renders
 * into fabric8's typed model. helm-java's template, like {@code helm template --skip-tests}, leaves hooks out.
 */
final class AirlockChart {

    static final String RELEASE = "airlock";
    static final String NAMESPACE = "airlock";
    static final Path CHART = Path.of(System.getProperty("airlock.chart.dir", "airlock"));
    static final Path VALUES = Path.of("src/test/resources/values");
    static final Path LICENSE = Path.of("src/test/resources/license");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Pattern DATA_ENTRY = Pattern.compile("(?m)^(  [A-Za-z0-9._-]+): \"[^\"]*\"$");
    private static final String GENERATED = "airlock.dev/generated: \"true\"";

    private final Path chart;
    private final Map<String, Object> sets = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final List<Path> valuesFiles = new ArrayList<>();

    private AirlockChart(Path chart) {
        this.chart = chart;
    }

    /** @return a render of the chart in this module */
    static AirlockChart chart() {
        return new AirlockChart(CHART);
    }

    /** @return a render of another copy of the chart */
    static AirlockChart chart(Path chart) {
        return new AirlockChart(chart);
    }

    /** Passes the test license files the way the install command does: {@code --set-file}. */
    AirlockChart withLicense() {
        files.put("dispatcher.featuresJson", LICENSE.resolve("features.json"));
        files.put("dispatcher.featuresSigJson", LICENSE.resolve("features.sig.json"));
        return this;
    }

    AirlockChart withValues(String valuesCase) {
        valuesFiles.add(VALUES.resolve(valuesCase + ".yaml"));
        return this;
    }

    AirlockChart set(String key, Object value) {
        sets.put(key, value);
        return this;
    }

    AirlockChart setFile(String key, Path file) {
        files.put(key, file);
        return this;
    }

    /** @return the rendered manifests; Helm's error message in an {@link IllegalStateException} when rendering fails */
    String template() {
        TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path values : valuesFiles) {
            command = command.withValuesFile(values);
        }
        for (Map.Entry<String, Path> file : files.entrySet()) {
            command = command.setFile(file.getKey(), file.getValue());
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    /** @return the rendered manifests, each parsed into fabric8's model */
    List<HasMetadata> render() {
        return parse(template());
    }

    /** @return Helm's failure message, empty when the chart rendered */
    Optional<String> failure() {
        try {
            template();
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    static List<String> documents(String manifests) {
        List<String> documents = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
            if (document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
                documents.add(document.strip());
            }
        }
        return documents;
    }

    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : documents(manifests)) {
            KubernetesResource resource = SERIALIZATION.unmarshal(document, KubernetesResource.class);
            if (!(resource instanceof HasMetadata hasMetadata)) {
                throw new IllegalStateException("not a Kubernetes object: " + document);
            }
            resources.add(hasMetadata);
        }
        return resources;
    }

    /**
     * Masks the values of Secrets the chart generates on install (random by design); everything else stays byte for
     * byte, so the golden files show every other change.
     */
    static String normalize(String manifests) {
        StringBuilder normalized = new StringBuilder();
        for (String document : documents(manifests)) {
            String text = document;
            if (text.contains(GENERATED)) {
                Matcher matcher = DATA_ENTRY.matcher(text);
                text = matcher.replaceAll("$1: \"<generated on install>\"");
            }
            normalized.append("---\n").append(text).append('\n');
        }
        return normalized.toString();
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T find(List<HasMetadata> resources, Class<T> kind, String name) {
        return (T) resources.stream()
                .filter(kind::isInstance)
                .filter(resource -> resource.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " in the render"));
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(resource -> (T) resource).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the fields of a parsed manifest that fabric8's model does not know, each with its path */
    static List<String> unknownFields(HasMetadata resource) {
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(resource, resource.getKind() + "/" + resource.getMetadata().getName(), unknown);
        return unknown;
    }

    /** fabric8 keeps fields its model lacks in additionalProperties: a typo such as readinesProbe lands there. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(path + "." + getter.getName(), e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }
}
