package dev.airlock.hub;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a browser does, without the rendering: keeps cookies, follows redirects, signs in through Keycloak's own login
 * form and posts the hub's forms with their CSRF token.
 */
final class BrowserSession {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    private final String hub;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new LoopbackCookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param hub the hub's base URL
     */
    BrowserSession(String hub) {
        this.hub = hub.endsWith("/") ? hub.substring(0, hub.length() - 1) : hub;
    }

    /** Opens the hub, is sent to Keycloak, fills in the login form, and lands back on the hub. */
    HttpResponse<String> signIn(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> loginPage = get("/ui/projects");
        Matcher form = LOGIN_FORM.matcher(loginPage.body());
        if (!form.find()) {
            throw new IllegalStateException("expected Keycloak's login form at " + loginPage.uri());
        }
        String action = form.group(1).replace("&amp;", "&");
        return send(HttpRequest.newBuilder(URI.create(action)), Map.of("username", username, "password", password,
                "credentialId", ""));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(hub + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form of the hub the way the page does, with the CSRF token the page carries. */
    HttpResponse<String> submit(String pagePath, String action, Map<String, String> fields)
            throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get(pagePath).body());
        if (!token.find()) {
            throw new IllegalStateException(pagePath + " has no form with a CSRF token");
        }
        Map<String, String> withToken = new java.util.HashMap<>(fields);
        withToken.put("csrf-token", token.group(1));
        return post(action, withToken);
    }

    /** Posts a form as given, without adding anything. */
    HttpResponse<String> post(String action, Map<String, String> fields) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(hub + action)), fields);
    }

    /**
     * Browsers treat http://127.0.0.1 and http://localhost as secure contexts and send {@code Secure} cookies there
     * (Keycloak marks its login cookies so); Java's cookie manager does not, so this one drops the flag on loopback.
     */
    private static final class LoopbackCookieManager extends CookieManager {

        LoopbackCookieManager() {
            super(null, CookiePolicy.ACCEPT_ALL);
        }

        @Override
        public void put(URI uri, Map<String, java.util.List<String>> responseHeaders) throws IOException {
            Map<String, java.util.List<String>> headers = new java.util.HashMap<>();
            responseHeaders.forEach((name, values) -> headers.put(name, name != null
                    && name.equalsIgnoreCase("Set-Cookie")
                            ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure(?=;|$)", "")).toList()
                            : values));
            super.put(uri, headers);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> fields)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(request.header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
