package dev.airlock.hub.modelconfig;

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

import dev.airlock.hub.task.ModelConfigTemplate;

/** Model configurations: templates, a checker, and those saved in projects (YAML or JSON). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ModelConfigResource {

    private final ModelConfigService configs;

    ModelConfigResource(ModelConfigService configs) {
        this.configs = configs;
    }

    /** The templates, the default first. */
    @GET
    @Path("/model-configs/templates")
    public List<ModelConfigTemplate> templates() {
        return ModelConfigTemplate.ALL;
    }

    /** Checks a configuration as the worker will, without saving it; always 200, {@code valid} says. */
    @POST
    @Path("/model-configs/check")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelConfigCheck check(ModelConfigRequest request) {
        if (request == null) {
            return new ModelConfigCheck(false, "a model configuration is required: format and source", null);
        }
        return ModelConfigParser.check(request.format() == null ? "yaml" : request.format(), request.source());
    }

    /** The project's saved configurations (viewers). */
    @GET
    @Path("/projects/{project}/model-configs")
    public List<ModelConfigView> list(@PathParam("project") String project) {
        return configs.list(project);
    }

    /** Saves a new configuration (editors); 400 with the problem when it does not pass the check. */
    @POST
    @Path("/projects/{project}/model-configs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("project") String project, ModelConfigRequest request) {
        ModelConfigView saved = configs.create(project, request);
        return Response.created(URI.create("/api/projects/" + project + "/model-configs/" + saved.name()))
                .entity(saved).build();
    }

    /** One saved configuration (viewers). */
    @GET
    @Path("/projects/{project}/model-configs/{name}")
    public ModelConfigView get(@PathParam("project") String project, @PathParam("name") String name) {
        return configs.get(project, name);
    }

    /** Creates or replaces a configuration (editors). */
    @PUT
    @Path("/projects/{project}/model-configs/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("project") String project, @PathParam("name") String name,
            ModelConfigRequest request) {
        ModelConfigService.Saved saved = configs.put(project, name, request);
        return (saved.created() ? Response.status(Response.Status.CREATED) : Response.ok()).entity(saved.view())
                .build();
    }

    /** Deletes a configuration (editors); runs that used it keep their copy. */
    @DELETE
    @Path("/projects/{project}/model-configs/{name}")
    public Response delete(@PathParam("project") String project, @PathParam("name") String name) {
        configs.delete(project, name);
        return Response.noContent().build();
    }
}
