package dev.airlock.hub.report;

import java.io.InputStream;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.OutputFormat;
import dev.airlock.hub.problem.NotFoundException;
import dev.airlock.hub.task.TaskService;
import dev.airlock.hub.task.TaskView;
import io.smallrye.common.annotation.Blocking;

/** What a task wrote to the shared store, for project members: its report and its files. */
@Path("/api")
@Blocking
public class ReportResource {

    private final TaskService tasks;
    private final SharedStore store;

    ReportResource(TaskService tasks, SharedStore store) {
        this.tasks = tasks;
        this.store = store;
    }

    /** The task's quality and privacy report (viewer); 404 when it wrote none. */
    @GET
    @Path("/tasks/{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] report(@PathParam("id") String id) {
        return store.read(artifact(tasks.get(id), "report").key());
    }

    /**
     * One of the task's files (viewer): {@code synthetic}, {@code model} or {@code report}, named after its key (a
     * generate task's table is {@code synthetic.csv}, {@code .csv.gz}, {@code .jsonl} or {@code .parquet}) and typed by
     * it.
     */
    @GET
    @Path("/tasks/{id}/artifacts/{name}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @APIResponse(responseCode = "200", description = "the file, as an attachment named <task id>-<file name>; a "
            + "synthetic table typed text/csv, application/gzip, application/x-ndjson or "
            + "application/vnd.apache.parquet by its format")
    public Response download(@PathParam("id") String id, @PathParam("name") String name) {
        Artifact artifact = artifact(tasks.get(id), name);
        String file = artifact.key().substring(artifact.key().lastIndexOf('/') + 1);
        InputStream content = store.open(artifact.key());
        return Response.ok(content, OutputFormat.contentTypeOf(file))
                .header("Content-Disposition", "attachment; filename=\"" + id + "-" + file + "\"")
                .build();
    }

    /** @return the task's artifact of that name, or 404 */
    public static Artifact artifact(TaskView task, String name) {
        return find(task, name)
                .orElseThrow(() -> new NotFoundException("task " + task.id() + " has no artifact " + name));
    }

    /** @return the task's artifact of that name, if it wrote one */
    public static Optional<Artifact> find(TaskView task, String name) {
        return task.artifacts() == null ? Optional.empty()
                : task.artifacts().stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
