package dev.airlock.charts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The value sets the chart is rendered with, each a file under {@code src/test/resources/values}. */
enum ValueCase {
    DEFAULTS("defaults", true),
    AUTH_OFF("auth-off", true),
    GPU_WORKERS("gpu-workers", true),
    EXTERNAL_SERVICES("external-services", true),
    /** The license, too, comes from an existing Secret. */
    EXISTING_SECRETS("existing-secrets", false);

    private static final Map<ValueCase, String> RENDERED = new ConcurrentHashMap<>();

    final String file;
    private final boolean licenseFiles;

    ValueCase(String file, boolean licenseFiles) {
        this.file = file;
        this.licenseFiles = licenseFiles;
    }

    AirlockChart chart() {
        AirlockChart chart = AirlockChart.chart().withValues(file);
        return licenseFiles ? chart.withLicense() : chart;
    }

    /** @return the manifests as Helm renders them (rendered once per test run) */
    String manifests() {
        return RENDERED.computeIfAbsent(this, valueCase -> valueCase.chart().template());
    }

    List<HasMetadata> resources() {
        return AirlockChart.parse(manifests());
    }
}
