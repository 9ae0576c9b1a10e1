package dev.airlock.hub.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import dev.airlock.hub.problem.ForbiddenException;

/**
 * CSRF protection for the UI's forms by double submit: a random token in an HttpOnly, SameSite=Strict cookie and the
 * same token in a hidden field of every form; a form post is accepted only when both are present and equal. A page
 * cross-site can neither read the cookie nor make the browser send it.
 */
@RequestScoped
public class CsrfToken {

    /** The cookie's name. */
    public static final String COOKIE = "airlock-csrf";
    /** The form field's name. */
    public static final String FIELD = "csrf-token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String fromCookie;
    private String token;

    CsrfToken(HttpHeaders headers) {
        var cookie = headers.getCookies().get(COOKIE);
        this.fromCookie = cookie == null || cookie.getValue().length() < 32 ? null : cookie.getValue();
    }

    /** @return the token for this page's forms, created if the browser has none yet */
    public String token() {
        if (token == null) {
            if (fromCookie != null) {
                token = fromCookie;
            } else {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            }
        }
        return token;
    }

    /** @return the cookie to set, or {@code null} when the browser already has it */
    public NewCookie cookieToSet() {
        if (token == null || token.equals(fromCookie)) {
            return null;
        }
        return new NewCookie.Builder(COOKIE).value(token).path("/ui").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /**
     * @param submitted the form field's value
     * @throws ForbiddenException unless it equals the cookie's
     */
    public void verify(String submitted) {
        if (fromCookie == null || submitted == null || !MessageDigest.isEqual(
                fromCookie.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException("the form's CSRF token is missing or does not match; reload the page and "
                    + "submit again");
        }
    }
}
