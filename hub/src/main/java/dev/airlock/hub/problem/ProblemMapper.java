package dev.airlock.hub.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/** Maps the hub's exception family to problem-JSON, and to an HTML page for the UI's own paths. */
public class ProblemMapper {

    /** The media type of problem bodies. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private final Template page;

    ProblemMapper(@Location("problem.html") Template page) {
        this.page = page;
    }

    @ServerExceptionMapper
    Response map(HubException e, UriInfo uri) {
        String type = "https://airlock.dev/problems/" + e.title().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        Problem problem = new Problem(type, e.title(), e.status(), e.getMessage(), uri.getPath());
        if (uri.getPath().startsWith("/ui/")) {
            return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(page.data("problem", problem).render()).build();
        }
        Response.ResponseBuilder response = Response.status(e.status())
                .type(PROBLEM_JSON)
                .entity(problem);
        if (e.status() == 429) {
            response.header("Retry-After", "30");
        }
        return response.build();
    }
}
