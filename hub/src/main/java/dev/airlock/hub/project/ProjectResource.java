package dev.airlock.hub.project;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.airlock.hub.audit.AuditView;
import dev.airlock.hub.problem.InvalidRequestException;

/** Projects, members and the project audit log; the root path is TaskResource's, so both match project paths. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

    private final ProjectService projects;

    ProjectResource(ProjectService projects) {
        this.projects = projects;
    }

    /** Creates a project owned by the caller. */
    @POST
    @Path("/projects")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ProjectRequest request) {
        ProjectView project = projects.create(request);
        return Response.created(URI.create("/api/projects/" + project.name())).entity(project).build();
    }

    /** The projects the caller may see. */
    @GET
    @Path("/projects")
    public List<ProjectView> list() {
        return projects.list();
    }

    /** One project. */
    @GET
    @Path("/projects/{project}")
    public ProjectView get(@PathParam("project") String project) {
        return projects.get(project);
    }

    /** Its members. */
    @GET
    @Path("/projects/{project}/members")
    public List<MemberView> members(@PathParam("project") String project) {
        return projects.members(project);
    }

    /** Gives a user a role (owners). */
    @PUT
    @Path("/projects/{project}/members/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MemberView putMember(@PathParam("project") String project, @PathParam("username") String username,
            MemberRequest request) {
        return projects.putMember(project, username, request);
    }

    /** Removes a member (owners). */
    @DELETE
    @Path("/projects/{project}/members/{username}")
    public Response removeMember(@PathParam("project") String project, @PathParam("username") String username) {
        projects.removeMember(project, username);
        return Response.noContent().build();
    }

    /** Who did what in the project, newest first (owners and administrators). */
    @GET
    @Path("/projects/{project}/audit")
    public List<AuditView> audit(@PathParam("project") String project, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new InvalidRequestException("page must be 0 or more and size from 1 to 500");
        }
        return projects.audit(project, page, size);
    }
}
