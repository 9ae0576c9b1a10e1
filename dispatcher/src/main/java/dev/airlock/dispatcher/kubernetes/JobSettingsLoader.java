package dev.airlock.dispatcher.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import dev.airlock.dispatcher.config.DispatcherConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Reads {@link JobSettings} from a properties file outside Quarkus (for {@code render-job} and golden tests), with the
 * same mapping and defaults the running dispatcher uses.
 */
public final class JobSettingsLoader {

    private JobSettingsLoader() {
    }

    /**
     * @param properties an {@code application.properties} such as the chart's ConfigMap, or {@code null} for the
     *        defaults
     * @return the settings, namespace {@code default} unless configured
     */
    public static JobSettings load(Path properties) {
        SmallRyeConfig config = config(properties);
        DispatcherConfig.Kubernetes kubernetes = config.getConfigMapping(DispatcherConfig.Kubernetes.class,
                "dispatcher.kubernetes");
        return JobSettings.from(kubernetes, config.getOptionalValue("dispatcher.zone", String.class).orElse("default"),
                config.getOptionalValue("dispatcher.max-duration", Duration.class).orElse(Duration.ofHours(1)),
                "default");
    }

    /**
     * @param properties an {@code application.properties}, or {@code null}
     * @return the configuration of that file, system properties and the environment
     */
    public static SmallRyeConfig config(Path properties) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(DispatcherConfig.Kubernetes.class, "dispatcher.kubernetes");
        if (properties != null) {
            try {
                URL url = properties.toUri().toURL();
                builder.withSources(new PropertiesConfigSource(url, 250));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + properties, e);
            }
        }
        return builder.build();
    }

    /**
     * @param config a configuration
     * @param key a property
     * @return its value, if set
     */
    static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class);
    }
}
