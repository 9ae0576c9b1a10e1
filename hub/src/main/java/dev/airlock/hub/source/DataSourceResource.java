package dev.airlock.hub.source;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A project's data sources; credentials go in sealed and never come out. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DataSourceResource {

    private final DataSourceService sources;

    DataSourceResource(DataSourceService sources) {
        this.sources = sources;
    }

    /** The project's data sources (viewers). */
    @GET
    @Path("/projects/{project}/data-sources")
    public List<DataSourceView> list(@PathParam("project") String project) {
        return sources.list(project);
    }

    /** Creates one, sealing its credentials to the zone (editors). */
    @POST
    @Path("/projects/{project}/data-sources")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("project") String project, DataSourceRequest request) {
        DataSourceView source = sources.create(project, request);
        return Response.created(URI.create("/api/projects/" + project + "/data-sources/" + source.name()))
                .entity(source).build();
    }

    /** One data source (viewers). */
    @GET
    @Path("/projects/{project}/data-sources/{name}")
    public DataSourceView get(@PathParam("project") String project, @PathParam("name") String name) {
        return sources.get(project, name);
    }

    /** Replaces its definition (editors); leave credentials out to keep the sealed ones. */
    @PUT
    @Path("/projects/{project}/data-sources/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DataSourceView update(@PathParam("project") String project, @PathParam("name") String name,
            DataSourceRequest request) {
        return sources.update(project, name, request);
    }

    /** Deletes it (editors); runs that used it keep their history. */
    @DELETE
    @Path("/projects/{project}/data-sources/{name}")
    public Response delete(@PathParam("project") String project, @PathParam("name") String name) {
        sources.delete(project, name);
        return Response.noContent().build();
    }
}
