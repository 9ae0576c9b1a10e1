package dev.airlock.hub.security;

import jakarta.enterprise.context.RequestScoped;

import dev.airlock.common.contract.Requester;

/**
 * Who makes the current request. Authentication comes with the Keycloak integration; until then every request is the
 * local user, and this bean is the one seam to replace.
 */
@RequestScoped
public class CurrentRequester {

    /** @return the requesting user */
    public Requester get() {
        return new Requester("local", null);
    }
}
