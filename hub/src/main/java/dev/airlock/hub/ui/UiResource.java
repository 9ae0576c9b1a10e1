package dev.airlock.hub.ui;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.airlock.common.contract.Artifact;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.OutputFormat;
import dev.airlock.common.contract.TaskType;
import dev.airlock.hub.audit.AuditView;
import dev.airlock.hub.modelconfig.ModelConfigCheck;
import dev.airlock.hub.modelconfig.ModelConfigParser;
import dev.airlock.hub.modelconfig.ModelConfigRequest;
import dev.airlock.hub.modelconfig.ModelConfigService;
import dev.airlock.hub.modelconfig.ModelConfigView;
import dev.airlock.hub.problem.HubException;
import dev.airlock.hub.problem.InvalidRequestException;
import dev.airlock.hub.project.MemberRequest;
import dev.airlock.hub.project.MemberView;
import dev.airlock.hub.project.ProjectRequest;
import dev.airlock.hub.project.ProjectRole;
import dev.airlock.hub.project.ProjectService;
import dev.airlock.hub.project.ProjectView;
import dev.airlock.hub.report.ReportPage;
import dev.airlock.hub.report.ReportResource;
import dev.airlock.hub.report.SharedStore;
import dev.airlock.hub.security.CurrentRequester;
import dev.airlock.hub.source.DataSourceRequest;
import dev.airlock.hub.source.DataSourceService;
import dev.airlock.hub.source.DataSourceView;
import dev.airlock.hub.task.ModelConfigTemplate;
import dev.airlock.hub.task.TaskEventView;
import dev.airlock.hub.task.TaskService;
import dev.airlock.hub.task.TaskSubmission;
import dev.airlock.hub.task.TaskUpdates;
import dev.airlock.hub.task.TaskView;
import dev.airlock.hub.zone.KeyAcceptance;
import dev.airlock.hub.zone.ZoneService;
import dev.airlock.hub.zone.ZoneView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/**
 * The web UI, rendered on the server: projects, a project's runs (live through server-sent events), run details, the
 * audit log. Every action goes through the same services, and so the same checks, as the API. Forms carry a CSRF
 * token; Qute escapes every value.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class UiResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance projects(UiPage page, List<ProjectView> projects, String error);

        static native TemplateInstance project(UiPage page, ProjectView project, List<RunRow> runs,
                Integer newerPage, Integer olderPage, List<MemberView> members, List<ModelConfigTemplate> templates,
                List<DataSourceView> sources, ZoneView zone, List<ModelConfigView> configs, DataSourceForm edit,
                boolean canSubmit,
                boolean canManage, String error);

        static native TemplateInstance task(UiPage page, RunRow run, TaskView task, List<TaskEventView> events,
                boolean canCancel, boolean canRun, String error, ReportPage report, String reportProblem);

        static native TemplateInstance audit(UiPage page, ProjectView project, List<AuditView> entries);

        static native TemplateInstance dataSource(UiPage page, ProjectView project, DataSourceView source,
                DataSourceForm edit, String error);

        static native TemplateInstance zones(UiPage page, List<ZoneView> zones, boolean admin, String error);

        static native TemplateInstance modelConfig(UiPage page, ProjectView project, String name, boolean existing,
                String format, String source, boolean checked, String problem, boolean canEdit,
                List<TemplateText> templates);
    }

    private static final int RUNS_PER_PAGE = 25;

    private final ProjectService projects;
    private final TaskService tasks;
    private final TaskUpdates updates;
    private final CurrentRequester requester;
    private final CsrfToken csrf;
    private final SharedStore store;
    private final ReportResource reports;
    private final DataSourceService sources;
    private final ZoneService zones;
    private final ModelConfigService modelConfigs;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    UiResource(ProjectService projects, TaskService tasks, TaskUpdates updates, CurrentRequester requester,
            CsrfToken csrf, SharedStore store, ReportResource reports, DataSourceService sources, ZoneService zones,
            ModelConfigService modelConfigs) {
        this.modelConfigs = modelConfigs;
        this.sources = sources;
        this.zones = zones;
        this.store = store;
        this.reports = reports;
        this.projects = projects;
        this.tasks = tasks;
        this.updates = updates;
        this.requester = requester;
        this.csrf = csrf;
    }

    /** The projects the user may see, and a form to create one. */
    @GET
    @Path("/projects")
    public TemplateInstance projects() {
        return Templates.projects(page(), projects.list(), null);
    }

    /** Creates a project and opens it. */
    @POST
    @Path("/projects")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createProject(@RestForm(CsrfToken.FIELD) String csrfToken, @RestForm String name,
            @RestForm String description) {
        csrf.verify(csrfToken);
        try {
            ProjectView project = projects.create(new ProjectRequest(name, description));
            return seeOther("/ui/projects/" + project.name());
        } catch (HubException e) {
            return Response.status(e.status()).entity(Templates.projects(page(), projects.list(), e.getMessage()))
                    .build();
        }
    }

    /** A project: its runs, a form to start one, its members. */
    @GET
    @Path("/projects/{project}")
    public TemplateInstance project(@PathParam("project") String project,
            @QueryParam("page") @DefaultValue("0") int page) {
        return projectPage(project, Math.max(0, page), null);
    }

    /** Starts a train run on a data source, optionally for a target column. */
    @POST
    @Path("/projects/{project}/runs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submitRun(@PathParam("project") String project, @RestForm(CsrfToken.FIELD) String csrfToken,
            @RestForm String dataSource, @RestForm String template, @RestForm String target) {
        csrf.verify(csrfToken);
        try {
            String chosen = template == null ? "default" : template;
            String dataSourceName = dataSource == null ? null : dataSource.strip();
            Map<String, Object> parameters = target == null || target.isBlank() ? null
                    : Map.of("target", target.strip());
            if (chosen.startsWith("saved:")) {
                tasks.submit(project, new TaskSubmission(TaskType.TRAIN, dataSourceName, null, null,
                        chosen.substring("saved:".length()), parameters), requester.get());
            } else {
                ModelConfigTemplate config = ModelConfigTemplate.named(chosen);
                if (config == null) {
                    throw new InvalidRequestException("model configuration template " + template + " is unknown");
                }
                tasks.submit(project, new TaskSubmission(TaskType.TRAIN, dataSourceName, null,
                        MessageCodec.mapper().valueToTree(config.config()), null, parameters), requester.get());
            }
            return seeOther("/ui/projects/" + project);
        } catch (HubException e) {
            return Response.status(e.status()).entity(projectPage(project, 0, e.getMessage())).build();
        }
    }

    /** The secure zones from their heartbeats; administrators accept a zone's new credential key here. */
    @GET
    @Path("/zones")
    public TemplateInstance zones() {
        return Templates.zones(page(), zones.list(), requester.isAdmin(), null);
    }

    /** Accepts the key a zone offers (platform administrators). */
    @POST
    @Path("/zones/{zone}/key")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response acceptZoneKey(@PathParam("zone") String zone, @RestForm(CsrfToken.FIELD) String csrfToken,
            @RestForm String keyId) {
        csrf.verify(csrfToken);
        try {
            zones.acceptKey(zone, new KeyAcceptance(keyId));
            return seeOther("/ui/zones");
        } catch (HubException e) {
            return Response.status(e.status()).entity(Templates.zones(page(), zones.list(), requester.isAdmin(),
                    e.getMessage())).build();
        }
    }

    /** The editor for a new model configuration, starting from the default template. */
    @GET
    @Path("/projects/{project}/model-configs/new")
    public TemplateInstance newModelConfig(@PathParam("project") String project) {
        ProjectView view = projects.get(project);
        return Templates.modelConfig(page(), view, null, false, "yaml",
                TemplateText.yaml(ModelConfigTemplate.ALL.get(0).config()), false, null, canSubmit(view),
                TemplateText.all());
    }

    /** The editor for a saved model configuration. */
    @GET
    @Path("/projects/{project}/model-configs/{name}")
    public TemplateInstance modelConfig(@PathParam("project") String project, @PathParam("name") String name) {
        ModelConfigView config = modelConfigs.get(project, name);
        ProjectView view = projects.get(project);
        return Templates.modelConfig(page(), view, name, true, config.format(), config.source(), false, null,
                canSubmit(view), TemplateText.all());
    }

    /** Checks or saves a model configuration; the text stays in the editor with the problem when there is one. */
    @POST
    @Path("/projects/{project}/model-configs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveModelConfig(@PathParam("project") String project, @RestForm(CsrfToken.FIELD) String csrfToken,
            @RestForm String name, @RestForm String format, @RestForm String source, @RestForm String action) {
        csrf.verify(csrfToken);
        ProjectView view = projects.get(project);
        String trimmed = name == null ? null : name.strip();
        boolean existing = trimmed != null && modelConfigs.list(project).stream().anyMatch(c -> c.name().equals(trimmed));
        if ("check".equals(action)) {
            ModelConfigCheck check = ModelConfigParser.check(format, source);
            return Response.ok(Templates.modelConfig(page(), view, trimmed, existing, format, source, true,
                    check.problem(), canSubmit(view), TemplateText.all())).build();
        }
        try {
            modelConfigs.put(project, trimmed, new ModelConfigRequest(trimmed, format, source));
            return seeOther("/ui/projects/" + project + "#model-configs");
        } catch (HubException e) {
            return Response.status(e.status()).entity(Templates.modelConfig(page(), view, trimmed, existing, format,
                    source, true, e.getMessage(), canSubmit(view), TemplateText.all())).build();
        }
    }

    /** Deletes a saved model configuration (editors). */
    @POST
    @Path("/projects/{project}/model-configs/{name}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteModelConfig(@PathParam("project") String project, @PathParam("name") String name,
            @RestForm(CsrfToken.FIELD) String csrfToken) {
        csrf.verify(csrfToken);
        return onProjectPage(project, "#model-configs", () -> modelConfigs.delete(project, name));
    }

    private boolean canSubmit(ProjectView view) {
        ProjectRole role = ProjectRole.parse(view.myRole());
        return requester.isAdmin() || (role != null && role.allows(ProjectRole.EDITOR));
    }

    /** Adds a data source; credentials typed here are sealed to the zone's key before anything is stored. */
    @POST
    @Path("/projects/{project}/data-sources")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createDataSource(@PathParam("project") String project, @RestForm(CsrfToken.FIELD) String csrfToken,
            @RestForm String name, @RestForm String kind, @RestForm String bucket, @RestForm String key,
            @RestForm String endpoint, @RestForm String accessKey, @RestForm String secretKey, @RestForm String host,
            @RestForm String port, @RestForm String database, @RestForm String table, @RestForm String username,
            @RestForm String password) {
        csrf.verify(csrfToken);
        return onProjectPage(project, "#data-sources", () -> sources.create(project, dataSourceRequest(
                name == null ? null : name.strip(), kind, bucket, key, endpoint, accessKey, secretKey, host, port,
                database, table, username, password)));
    }

    /** A data source's definition, to change it or enter its credentials again (editors). */
    @GET
    @Path("/projects/{project}/data-sources/{name}")
    public TemplateInstance dataSource(@PathParam("project") String project, @PathParam("name") String name) {
        DataSourceView source = sources.get(project, name);
        return Templates.dataSource(page(), projects.get(project), source, DataSourceForm.of(source), null);
    }

    /** Saves a data source's new definition; empty credential fields keep the sealed ones. */
    @POST
    @Path("/projects/{project}/data-sources/{name}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateDataSource(@PathParam("project") String project, @PathParam("name") String name,
            @RestForm(CsrfToken.FIELD) String csrfToken, @RestForm String kind, @RestForm String bucket,
            @RestForm String key, @RestForm String endpoint, @RestForm String accessKey, @RestForm String secretKey,
            @RestForm String host, @RestForm String port, @RestForm String database, @RestForm String table,
            @RestForm String username, @RestForm String password) {
        csrf.verify(csrfToken);
        try {
            DataSourceRequest request = dataSourceRequest(name, kind, bucket, key, endpoint, accessKey, secretKey,
                    host, port, database, table, username, password);
            sources.update(project, name, request.credentials().isEmpty()
                    ? new DataSourceRequest(name, kind, bucket, key, endpoint, host, request.port(), database, table,
                            null)
                    : request);
            return seeOther("/ui/projects/" + project + "#data-sources");
        } catch (HubException e) {
            DataSourceView source = sources.get(project, name);
            return Response.status(e.status()).entity(Templates.dataSource(page(), projects.get(project), source,
                    DataSourceForm.of(source), e.getMessage())).build();
        }
    }

    /** Deletes a data source (editors). */
    @POST
    @Path("/projects/{project}/data-sources/{name}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteDataSource(@PathParam("project") String project, @PathParam("name") String name,
            @RestForm(CsrfToken.FIELD) String csrfToken) {
        csrf.verify(csrfToken);
        return onProjectPage(project, "#data-sources", () -> sources.delete(project, name));
    }

    /** Runs a form's action, then shows the project page: at the anchor, or with the error. */
    private Response onProjectPage(String project, String anchor, Runnable action) {
        try {
            action.run();
            return seeOther("/ui/projects/" + project + anchor);
        } catch (HubException e) {
            return Response.status(e.status()).entity(projectPage(project, 0, e.getMessage())).build();
        }
    }

    private static DataSourceRequest dataSourceRequest(String name, String kind, String bucket, String key,
            String endpoint, String accessKey, String secretKey, String host, String port, String database,
            String table, String username, String password) {
        boolean s3 = "s3".equals(kind);
        Map<String, String> credentials = new java.util.LinkedHashMap<>();
        putIfGiven(credentials, s3 ? "accessKey" : "username", s3 ? accessKey : username);
        putIfGiven(credentials, s3 ? "secretKey" : "password", s3 ? secretKey : password);
        Integer portNumber = null;
        if (port != null && !port.isBlank()) {
            try {
                portNumber = Integer.valueOf(port.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("port must be a number");
            }
        }
        return new DataSourceRequest(name, kind, bucket, key, endpoint, host, portNumber, database, table,
                credentials);
    }

    private static void putIfGiven(Map<String, String> credentials, String name, String value) {
        if (value != null && !value.isEmpty()) {
            credentials.put(name, value);
        }
    }

    /** Gives a user a role in the project (owners). */
    @POST
    @Path("/projects/{project}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response putMember(@PathParam("project") String project, @RestForm(CsrfToken.FIELD) String csrfToken,
            @RestForm String username, @RestForm String role) {
        csrf.verify(csrfToken);
        try {
            projects.putMember(project, username == null ? null : username.strip(), new MemberRequest(role));
            return seeOther("/ui/projects/" + project);
        } catch (HubException e) {
            return Response.status(e.status()).entity(projectPage(project, 0, e.getMessage())).build();
        }
    }

    /** The project's audit log (owners and administrators). */
    @GET
    @Path("/projects/{project}/audit")
    public TemplateInstance audit(@PathParam("project") String project) {
        List<AuditView> entries = projects.audit(project, 0, 200);
        return Templates.audit(page(), projects.get(project), entries);
    }

    /** A run: its state, progress, error and the timeline of its status events. */
    @GET
    @Path("/tasks/{id}")
    public TemplateInstance task(@PathParam("id") String id) {
        return taskPage(id, null);
    }

    /** Downloads one of the run's files (viewers), as the API does for bearer tokens. */
    @GET
    @Path("/tasks/{id}/artifacts/{name}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response download(@PathParam("id") String id, @PathParam("name") String name) {
        return reports.download(id, name);
    }

    /** Generates more rows from a completed train run's model (editors); opens the new run. */
    @POST
    @Path("/tasks/{id}/generate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response generate(@PathParam("id") String id, @RestForm(CsrfToken.FIELD) String csrfToken,
            @RestForm String rows, @RestForm String format) {
        csrf.verify(csrfToken);
        return startFromRun(id, model -> {
            long count;
            try {
                count = Long.parseLong(rows == null ? "" : rows.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("rows must be a whole number");
            }
            Map<String, Object> parameters = new java.util.LinkedHashMap<>();
            parameters.put("rows", count);
            if (format != null && !format.isBlank()) {
                parameters.put(OutputFormat.PARAMETER, format.strip());
            }
            return new TaskSubmission(TaskType.GENERATE, null, id, null, null, parameters);
        });
    }

    /** Measures a completed train run's sample against its data source again (editors); opens the new run. */
    @POST
    @Path("/tasks/{id}/evaluate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response evaluate(@PathParam("id") String id, @RestForm(CsrfToken.FIELD) String csrfToken) {
        csrf.verify(csrfToken);
        return startFromRun(id, model -> new TaskSubmission(TaskType.EVALUATE, model.dataSource(), id, null, null,
                null));
    }

    /** Submits a run made from another run and opens it, or shows the other run with the error. */
    private Response startFromRun(String id, java.util.function.Function<TaskView, TaskSubmission> submission) {
        try {
            TaskView model = tasks.get(id);
            TaskView started = tasks.submit(model.project(), submission.apply(model), requester.get());
            return seeOther("/ui/tasks/" + started.id());
        } catch (HubException e) {
            return Response.status(e.status()).entity(taskPage(id, e.getMessage())).build();
        }
    }

    /** Cancels the run (editors). */
    @POST
    @Path("/tasks/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("id") String id, @RestForm(CsrfToken.FIELD) String csrfToken) {
        csrf.verify(csrfToken);
        try {
            tasks.cancel(id, requester.get());
            return seeOther("/ui/tasks/" + id);
        } catch (HubException e) {
            return Response.status(e.status()).entity(taskPage(id, e.getMessage())).build();
        }
    }

    private TemplateInstance taskPage(String id, String error) {
        TaskView task = tasks.get(id);
        RunRow run = RunRow.of(task);
        ProjectRole role = ProjectRole.parse(projects.get(task.project()).myRole());
        boolean canRun = requester.isAdmin() || (role != null && role.allows(ProjectRole.EDITOR));
        boolean canCancel = !run.finished() && canRun;
        ReportPage report = null;
        String reportProblem = null;
        Optional<Artifact> reportFile = ReportResource.find(task, "report");
        if (reportFile.isPresent()) {
            if (!store.configured()) {
                reportProblem = "The hub has no shared store configured, so it cannot show the report.";
            } else {
                try {
                    report = ReportPage.of(JSON.readTree(store.read(reportFile.get().key())));
                } catch (IOException | HubException e) {
                    reportProblem = "The report could not be read from the shared store.";
                }
            }
        }
        return Templates.task(page(), run, task, tasks.events(id), canCancel, canRun, error, report, reportProblem);
    }

    /** Live changes to the project's runs, for the runs table. */
    @GET
    @Path("/projects/{project}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RunRow> projectStream(@PathParam("project") String project) {
        tasks.requireViewer(project);
        return updates.ofProject(project).map(RunRow::of);
    }

    /** The run now and its changes, for the run page. */
    @GET
    @Path("/tasks/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RunRow> taskStream(@PathParam("id") String id) {
        TaskView now = tasks.get(id);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(now), updates.ofTask(now.id()))
                .map(RunRow::of);
    }

    private TemplateInstance projectPage(String project, int runsPage, String error) {
        ProjectView view = projects.get(project);
        ProjectRole role = ProjectRole.parse(view.myRole());
        boolean admin = requester.isAdmin();
        List<RunRow> runs = tasks.list(project, runsPage, RUNS_PER_PAGE).stream().map(RunRow::of).toList();
        // a page of one row at the first row of the next page: is there one?
        boolean older = runs.size() == RUNS_PER_PAGE && !tasks.list(project, (runsPage + 1) * RUNS_PER_PAGE, 1).isEmpty();
        return Templates.project(page(), view, runs, runsPage > 0 ? runsPage - 1 : null,
                older ? runsPage + 1 : null,
                projects.members(project), ModelConfigTemplate.ALL, sources.list(project), zones.home(),
                modelConfigs.list(project), DataSourceForm.empty(),
                admin || (role != null && role.allows(ProjectRole.EDITOR)),
                admin || role == ProjectRole.OWNER, error);
    }

    private UiPage page() {
        return new UiPage(requester.username(), requester.signInEnabled(), csrf.token());
    }

    private static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
