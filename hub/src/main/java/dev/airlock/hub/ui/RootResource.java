package dev.airlock.hub.ui;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Pages outside the signed-in area: the root, which leads to the projects, and the page after logging out. */
@Path("/")
public class RootResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut();
    }

    /** Sends the browser to the projects (which signs it in first). */
    @GET
    public Response root() {
        return Response.seeOther(URI.create("/ui/projects")).build();
    }

    /** Shown after logout. */
    @GET
    @Path("/signed-out")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }
}
