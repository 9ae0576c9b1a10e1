package dev.airlock.hub.task;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Model configuration templates for the task submission's {@code modelConfig}. */
@Path("/api/model-configs/templates")
@Produces(MediaType.APPLICATION_JSON)
public class ModelConfigResource {

    /** The templates, the default first. */
    @GET
    public List<ModelConfigTemplate> templates() {
        return ModelConfigTemplate.ALL;
    }
}
