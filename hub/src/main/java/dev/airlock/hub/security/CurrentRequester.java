package dev.airlock.hub.security;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.airlock.common.contract.Requester;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who makes the current request: the signed-in user from the OIDC token (username from {@code preferred_username},
 * platform admin by realm role), or, with sign-in turned off ({@code quarkus.oidc.tenant-enabled=false}), the local
 * user {@code local} with platform-admin rights.
 */
@RequestScoped
public class CurrentRequester {

    /** The user every request is when sign-in is off. */
    public static final String LOCAL_USER = "local";

    private final SecurityIdentity identity;
    private final AuthSettings settings;

    CurrentRequester(SecurityIdentity identity, AuthSettings settings) {
        this.identity = identity;
        this.settings = settings;
    }

    /** @return the requesting user */
    public Requester get() {
        if (!settings.enabled()) {
            return new Requester(LOCAL_USER, null);
        }
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        String email = identity.getPrincipal() instanceof JsonWebToken token ? token.getClaim("email") : null;
        return new Requester(username(), email);
    }

    /** @return the requesting user's name, unique in the realm */
    public String username() {
        if (!settings.enabled()) {
            return LOCAL_USER;
        }
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getClaim("preferred_username") != null) {
            return token.getClaim("preferred_username");
        }
        return identity.getPrincipal().getName();
    }

    /** @return whether the requesting user is a platform administrator */
    public boolean isAdmin() {
        return !settings.enabled() || identity.hasRole(settings.adminRole());
    }

    /** @return whether sign-in is on (and so whether there is a session to log out of) */
    public boolean signInEnabled() {
        return settings.enabled();
    }
}
