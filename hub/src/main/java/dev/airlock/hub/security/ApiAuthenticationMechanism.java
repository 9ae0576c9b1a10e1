package dev.airlock.hub.security;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The OIDC mechanism (hybrid: bearer tokens and the authorization code flow), except that the API under {@code /api}
 * takes bearer tokens only: without one it answers 401 with a {@code Bearer} challenge instead of sending the client to
 * the login page, and a browser's session cookie does not open it.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ApiAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String API = "/api/";

    private final OidcAuthenticationMechanism oidc;

    ApiAuthenticationMechanism(OidcAuthenticationMechanism oidc) {
        this.oidc = oidc;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (isApi(context) && !hasBearer(context)) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        return oidc.authenticate(context, identityProviderManager);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (isApi(context)) {
            return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"airlock\""));
        }
        return oidc.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return oidc.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return oidc.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return oidc.getPriority() + 1;
    }

    private static boolean isApi(RoutingContext context) {
        return context.normalizedPath().startsWith(API);
    }

    private static boolean hasBearer(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
