package dev.airlock.hub.modelconfig;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.ContractValidator;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.hub.audit.AuditLog;
import dev.airlock.hub.problem.ConflictException;
import dev.airlock.hub.problem.InvalidRequestException;
import dev.airlock.hub.problem.NotFoundException;
import dev.airlock.hub.project.ProjectAccess;
import dev.airlock.hub.project.ProjectRole;
import dev.airlock.hub.project.ProjectScopedEntity;
import dev.airlock.hub.security.CurrentRequester;
import io.quarkus.panache.common.Sort;

/** Model configurations saved in projects: viewers read them, editors write them; each is checked before it is saved. */
@ApplicationScoped
public class ModelConfigService {

    private final ProjectAccess access;
    private final CurrentRequester requester;
    private final AuditLog audit;

    ModelConfigService(ProjectAccess access, CurrentRequester requester, AuditLog audit) {
        this.access = access;
        this.requester = requester;
        this.audit = audit;
    }

    /**
     * @param project a project
     * @return its saved configurations by name
     */
    @Transactional
    public List<ModelConfigView> list(String project) {
        access.require(project, ProjectRole.VIEWER);
        return ModelConfigEntity.<ModelConfigEntity> list("project", Sort.ascending("name"), project).stream()
                .map(ModelConfigService::view).toList();
    }

    /**
     * @param project a project
     * @param name a saved configuration
     * @return it
     */
    @Transactional
    public ModelConfigView get(String project, String name) {
        access.require(project, ProjectRole.VIEWER);
        return view(find(project, name));
    }

    /**
     * Creates or replaces a configuration (editors); one that does not pass the check is refused with the problem.
     *
     * @param project a project
     * @param name its name
     * @param request format and text
     * @return it, and whether it was new
     */
    @Transactional
    public Saved put(String project, String name, ModelConfigRequest request) {
        access.require(project, ProjectRole.EDITOR);
        if (!ContractValidator.isName(name)) {
            throw new InvalidRequestException(
                    "name must be 1-63 lower-case letters, digits, dots, dashes or underscores");
        }
        if (request == null) {
            throw new InvalidRequestException("a model configuration is required: format and source");
        }
        String format = request.format() == null ? "yaml" : request.format();
        ModelConfigCheck check = ModelConfigParser.check(format, request.source());
        if (!check.valid()) {
            throw new InvalidRequestException("model configuration " + name + ": " + check.problem());
        }
        ModelConfigEntity.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "model-config:" + project + "/" + name).getSingleResult();
        ModelConfigEntity entity = ModelConfigEntity.findById(new ProjectScopedEntity.Key(project, name));
        boolean created = entity == null;
        Instant now = Instant.now();
        if (created) {
            entity = new ModelConfigEntity();
            entity.project = project;
            entity.name = name;
            entity.createdBy = requester.username();
            entity.createdAt = now;
        }
        entity.format = format;
        entity.source = request.source();
        entity.config = check.config().toString();
        entity.updatedBy = requester.username();
        entity.updatedAt = now;
        entity.persist();
        audit.record(requester.username(), project, created ? "model-config.create" : "model-config.update", name);
        return new Saved(view(entity), created);
    }

    /**
     * Creates a configuration; 409 when the name is taken.
     *
     * @param project a project
     * @param request name, format and text
     * @return it
     */
    @Transactional
    public ModelConfigView create(String project, ModelConfigRequest request) {
        access.require(project, ProjectRole.EDITOR);
        if (request != null && request.name() != null
                && ModelConfigEntity.findById(new ProjectScopedEntity.Key(project, request.name())) != null) {
            throw new ConflictException("model configuration " + request.name() + " already exists in project "
                    + project);
        }
        return put(project, request == null ? null : request.name(), request).view();
    }

    /**
     * @param project a project
     * @param name the configuration to delete (editors)
     */
    @Transactional
    public void delete(String project, String name) {
        access.require(project, ProjectRole.EDITOR);
        find(project, name).delete();
        audit.record(requester.username(), project, "model-config.delete", name);
    }

    /**
     * @param project a project; the caller's access is checked by the caller
     * @param name a saved configuration
     * @return its configuration as tasks carry it
     * @throws InvalidRequestException when the project has none of that name
     */
    public JsonNode configOf(String project, String name) {
        ModelConfigEntity entity = ModelConfigEntity.findById(new ProjectScopedEntity.Key(project, name));
        if (entity == null) {
            throw new InvalidRequestException("modelConfigName: project " + project + " has no model configuration "
                    + name);
        }
        return tree(entity);
    }

    /**
     * A saved configuration and whether the save created it.
     *
     * @param view the configuration
     * @param created whether it is new
     */
    public record Saved(ModelConfigView view, boolean created) {
    }

    private static ModelConfigEntity find(String project, String name) {
        ModelConfigEntity entity = ModelConfigEntity.findById(new ProjectScopedEntity.Key(project, name));
        if (entity == null) {
            throw new NotFoundException("model configuration " + name + " does not exist in project " + project);
        }
        return entity;
    }

    private static JsonNode tree(ModelConfigEntity entity) {
        try {
            return MessageCodec.mapper().readTree(entity.config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("saved model configuration " + entity.name + " is not JSON", e);
        }
    }

    private static ModelConfigView view(ModelConfigEntity entity) {
        return new ModelConfigView(entity.project, entity.name, entity.format, entity.source, tree(entity),
                entity.updatedBy, entity.updatedAt);
    }
}
