package dev.airlock.dispatcher.intake;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.Progress;

/**
 * Workers post their heartbeats here, with the task's token: {@code {"phase": "fit", "fraction": 0.4}}. Answers 204,
 * 401 for a wrong token, 400 for a body that is not progress, 404 when this dispatcher runs no worker for the task.
 */
@Path("/internal/tasks/{taskId}/heartbeat")
public class HeartbeatResource {

    private static final java.util.regex.Pattern PHASE = java.util.regex.Pattern.compile("[a-z][a-zA-Z0-9_.]{0,79}");

    private final WorkerHeartbeats heartbeats;
    private final TaskIntake intake;

    HeartbeatResource(WorkerHeartbeats heartbeats, TaskIntake intake) {
        this.heartbeats = heartbeats;
        this.intake = intake;
    }

    /** Records a heartbeat and relays its progress. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response beat(@PathParam("taskId") String taskId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String text) {
        if (!heartbeats.authorized(taskId, authorization)) {
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        JsonNode body;
        try {
            body = text == null || text.length() > 1024 ? null : MessageCodec.mapper().readTree(text);
        } catch (java.io.IOException e) {
            body = null;
        }
        if (body == null || !body.path("phase").isTextual() || !PHASE.matcher(body.path("phase").asText()).matches()
                || !body.path("fraction").isNumber() || !(body.path("fraction").asDouble() >= 0)
                || body.path("fraction").asDouble() > 1) {
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        boolean running = intake.heartbeat(taskId,
                new Progress(body.path("phase").asText(), body.path("fraction").asDouble()));
        return Response.status(running ? Response.Status.NO_CONTENT : Response.Status.NOT_FOUND).build();
    }
}
