package dev.airlock.hub.ui;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Sets the CSRF cookie on the response of a page that handed out a new token. */
public class CsrfCookieFilter {

    private final Instance<CsrfToken> csrf;

    CsrfCookieFilter(Instance<CsrfToken> csrf) {
        this.csrf = csrf;
    }

    @ServerResponseFilter
    void setCookie(ContainerResponseContext response) {
        if (!io.quarkus.arc.Arc.container().requestContext().isActive()) {
            return;
        }
        var cookie = csrf.get().cookieToSet();
        if (cookie != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie);
        }
    }
}
