package dev.airlock.hub.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.airlock.hub.config.HubConfig;
import io.quarkus.runtime.StartupEvent;

/** Whether sign-in is on, and which realm role makes a platform administrator; checked at start. */
@ApplicationScoped
public class AuthSettings {

    private final boolean enabled;
    private final Optional<String> authServerUrl;
    private final HubConfig config;

    AuthSettings(@ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl, HubConfig config) {
        this.enabled = enabled;
        this.authServerUrl = authServerUrl;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled && authServerUrl.filter(url -> !url.isBlank()).isEmpty()) {
            throw new IllegalStateException("QUARKUS_OIDC_AUTH_SERVER_URL (quarkus.oidc.auth-server-url) is required: "
                    + "the realm URL of the OIDC provider, e.g. http://127.0.0.1:8180/realms/airlock; "
                    + "or set QUARKUS_OIDC_TENANT_ENABLED=false to run without sign-in");
        }
    }

    /** @return whether users sign in */
    public boolean enabled() {
        return enabled;
    }

    /** @return the realm role of platform administrators */
    public String adminRole() {
        return config.auth().adminRole();
    }
}
