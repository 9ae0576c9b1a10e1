package dev.airlock.hub.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the hub's exception family to problem-JSON. */
public class ProblemMapper {

    /** The media type of problem bodies. */
    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    Response map(HubException e, UriInfo uri) {
        String type = "https://airlock.dev/problems/" + e.title().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        Response.ResponseBuilder response = Response.status(e.status())
                .type(PROBLEM_JSON)
                .entity(new Problem(type, e.title(), e.status(), e.getMessage(), uri.getPath()));
        if (e.status() == 429) {
            response.header("Retry-After", "30");
        }
        return response.build();
    }
}
