package dev.airlock.hub.task;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.airlock.hub.problem.InvalidRequestException;
import dev.airlock.hub.security.CurrentRequester;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/** The task API. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskService tasks;
    private final CurrentRequester requester;
    private final TaskUpdates updates;

    TaskResource(TaskService tasks, CurrentRequester requester, TaskUpdates updates) {
        this.tasks = tasks;
        this.requester = requester;
        this.updates = updates;
    }

    /** Accepts a task; it runs when the zone takes it. */
    @POST
    @Path("/projects/{project}/tasks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@PathParam("project") String project, @Valid TaskSubmission submission) {
        if (submission == null) {
            throw new InvalidRequestException("the body must be a task submission");
        }
        TaskView task = tasks.submit(project, submission, requester.get());
        return Response.accepted(task).location(URI.create("/api/tasks/" + task.id())).build();
    }

    /** A project's tasks, newest first. */
    @GET
    @Path("/projects/{project}/tasks")
    public List<TaskView> list(@PathParam("project") String project, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0 || size < 1 || size > 200) {
            throw new InvalidRequestException("page must be 0 or more and size from 1 to 200");
        }
        return tasks.list(project, page, size);
    }

    /** One task, with an ETag that changes with it: pollers send {@code If-None-Match} and get 304 until it does. */
    @GET
    @Path("/tasks/{id}")
    @APIResponse(responseCode = "200", description = "the task", content = @Content(schema = @Schema(implementation = TaskView.class)))
    @APIResponse(responseCode = "304", description = "unchanged since the ETag in If-None-Match")
    public Response get(@PathParam("id") String id, @Context Request request) {
        TaskView task = tasks.get(id);
        EntityTag tag = new EntityTag(task.id() + "-" + task.updatedAt().toEpochMilli() + "-" + task.state(), true);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).build();
        }
        return Response.ok(task).tag(tag).build();
    }

    /** Cancels a task (editors); 202 with the task, {@code cancelled} at once if it had not left the hub yet. */
    @POST
    @Path("/tasks/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        return Response.accepted(tasks.cancel(id, requester.get())).build();
    }

    /** A task's status events in arrival order. */
    @GET
    @Path("/tasks/{id}/events")
    public List<TaskEventView> events(@PathParam("id") String id) {
        return tasks.events(id);
    }

    /** The task now and each change from then on, as server-sent events. */
    @GET
    @Path("/tasks/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<TaskView> stream(@PathParam("id") String id) {
        TaskView now = tasks.get(id);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(now), updates.ofTask(now.id()));
    }

    /** Changes to a project's tasks from now on, as server-sent events. */
    @GET
    @Path("/projects/{project}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<TaskView> projectStream(@PathParam("project") String project) {
        tasks.requireViewer(project);
        return updates.ofProject(project);
    }
}
