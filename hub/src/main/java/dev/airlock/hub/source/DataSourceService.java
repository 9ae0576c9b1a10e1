package dev.airlock.hub.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.airlock.common.contract.ContractValidator;
import dev.airlock.common.contract.DataSourceKind;
import dev.airlock.common.contract.DataSourceSpec;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.SealedCredentials;
import dev.airlock.common.crypto.CredentialSealer;
import dev.airlock.hub.audit.AuditLog;
import dev.airlock.hub.problem.ConflictException;
import dev.airlock.hub.problem.InvalidRequestException;
import dev.airlock.hub.problem.NotFoundException;
import dev.airlock.hub.project.ProjectAccess;
import dev.airlock.hub.project.ProjectRole;
import dev.airlock.hub.project.ProjectScopedEntity;
import dev.airlock.hub.security.CurrentRequester;
import dev.airlock.hub.zone.ZoneService;
import io.quarkus.panache.common.Sort;

/**
 * Data sources of projects. Credentials typed by a user are sealed at once to the zone's pinned public key and only
 * the sealed form is kept; the hub has no key that opens it (only the zone's dispatcher has).
 */
@ApplicationScoped
public class DataSourceService {

    private static final Logger LOG = Logger.getLogger(DataSourceService.class);
    private static final int MAX_CREDENTIAL = 4096;

    private final ProjectAccess access;
    private final CurrentRequester requester;
    private final AuditLog audit;
    private final ZoneService zones;

    DataSourceService(ProjectAccess access, CurrentRequester requester, AuditLog audit, ZoneService zones) {
        this.access = access;
        this.requester = requester;
        this.audit = audit;
        this.zones = zones;
    }

    /**
     * @param project a project
     * @return its data sources by name (viewers)
     */
    @Transactional
    public List<DataSourceView> list(String project) {
        access.require(project, ProjectRole.VIEWER);
        String currentKey = currentKeyId();
        return DataSourceEntity.<DataSourceEntity> list("project", Sort.ascending("name"), project).stream()
                .map(source -> view(source, currentKey)).toList();
    }

    /**
     * @param project a project
     * @param name a data source
     * @return it (viewers)
     */
    @Transactional
    public DataSourceView get(String project, String name) {
        access.require(project, ProjectRole.VIEWER);
        return view(find(project, name), currentKeyId());
    }

    /**
     * Creates a data source, sealing its credentials (editors).
     *
     * @param project a project
     * @param request the definition
     * @return it
     */
    @Transactional
    public DataSourceView create(String project, DataSourceRequest request) {
        access.require(project, ProjectRole.EDITOR);
        if (request == null || !ContractValidator.isName(request.name())) {
            throw new InvalidRequestException(
                    "name must be 1-63 lower-case letters, digits, dots, dashes or underscores");
        }
        DataSourceEntity.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "data-source:" + project + "/" + request.name()).getSingleResult();
        if (DataSourceEntity.findById(new ProjectScopedEntity.Key(project, request.name())) != null) {
            throw new ConflictException("data source " + request.name() + " already exists in project " + project);
        }
        DataSourceEntity source = new DataSourceEntity();
        source.project = project;
        source.name = request.name();
        source.createdBy = requester.username();
        source.createdAt = Instant.now();
        define(source, request, true);
        source.persist();
        audit.record(requester.username(), project, "data-source.create", source.name);
        LOG.infof("data source %s of project %s created by %s (%s)", source.name, project, requester.username(),
                source.kind);
        return view(source, source.keyId);
    }

    /**
     * Replaces a data source's definition (editors); credentials left out stay as sealed when the kind is unchanged.
     *
     * @param project a project
     * @param name the data source
     * @param request the new definition
     * @return it
     */
    @Transactional
    public DataSourceView update(String project, String name, DataSourceRequest request) {
        access.require(project, ProjectRole.EDITOR);
        DataSourceEntity source = find(project, name);
        if (request == null) {
            throw new InvalidRequestException("a data source definition is required");
        }
        if (request.name() != null && !request.name().equals(name)) {
            throw new InvalidRequestException("name cannot change; create a new data source instead");
        }
        define(source, request, false);
        audit.record(requester.username(), project, "data-source.update", name);
        return view(source, currentKeyId());
    }

    /**
     * @param project a project
     * @param name the data source to delete (editors)
     */
    @Transactional
    public void delete(String project, String name) {
        access.require(project, ProjectRole.EDITOR);
        find(project, name).delete();
        audit.record(requester.username(), project, "data-source.delete", name);
    }

    /**
     * @param project a project
     * @param name a data source name
     * @return the definition tasks carry to the zone, or {@code null} when the project has no data source of that name
     *         (then the zone may have one of its own)
     */
    public DataSourceSpec specFor(String project, String name) {
        DataSourceEntity source = DataSourceEntity.findById(new ProjectScopedEntity.Key(project, name));
        if (source == null) {
            return null;
        }
        return spec(source, DataSourceKind.fromWireName(source.kind), sealedOf(source));
    }

    private void define(DataSourceEntity source, DataSourceRequest request, boolean creating) {
        DataSourceKind kind = DataSourceKind.fromWireName(request.kind());
        if (kind == null) {
            throw new InvalidRequestException("kind must be one of s3, postgresql, mariadb");
        }
        boolean keepSealed = !creating && request.credentials() == null && kind.wireName().equals(source.kind);
        source.kind = kind.wireName();
        source.bucket = kind == DataSourceKind.S3 ? blankToNull(request.bucket()) : null;
        source.objectKey = kind == DataSourceKind.S3 ? blankToNull(request.key()) : null;
        source.endpoint = kind == DataSourceKind.S3 ? blankToNull(request.endpoint()) : null;
        source.host = kind.isDatabase() ? blankToNull(request.host()) : null;
        source.port = kind.isDatabase() ? request.port() : null;
        source.databaseName = kind.isDatabase() ? blankToNull(request.database()) : null;
        source.tableName = kind.isDatabase() ? blankToNull(request.table()) : null;
        List<String> problems = spec(source, kind, null).problems();
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(String.join("; ", problems));
        }
        if (!keepSealed) {
            Map<String, String> credentials = checkedCredentials(kind, request.credentials());
            if (credentials.isEmpty()) {
                source.sealedCredentials = null;
                source.keyId = null;
                source.zone = zones.home() == null ? "" : zones.home().name();
            } else {
                ZoneService.SealingKey key = zones.sealingKey();
                SealedCredentials sealed = CredentialSealer.seal(credentials, key.publicKey(),
                        CredentialSealer.context(source.project, source.name, kind.wireName()));
                source.sealedCredentials = new String(MessageCodec.encode(sealed),
                        java.nio.charset.StandardCharsets.UTF_8);
                source.keyId = key.keyId();
                source.zone = key.zone();
            }
        }
        source.updatedBy = requester.username();
        source.updatedAt = Instant.now();
    }

    private static Map<String, String> checkedCredentials(DataSourceKind kind, Map<String, String> given) {
        Map<String, String> credentials = new LinkedHashMap<>();
        if (given == null) {
            return credentials;
        }
        List<String> names = DataSourceSpec.credentialNames(kind);
        List<String> unknown = new ArrayList<>();
        given.forEach((name, value) -> {
            if (!names.contains(name)) {
                unknown.add(name);
            } else if (value != null && !value.isEmpty()) {
                if (value.length() > MAX_CREDENTIAL) {
                    throw new InvalidRequestException("credentials." + name + " is longer than " + MAX_CREDENTIAL
                            + " characters");
                }
                credentials.put(name, value);
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("credentials of a " + kind.wireName() + " data source are "
                    + String.join(" and ", names) + ", not " + String.join(", ", unknown.stream().sorted().toList()));
        }
        if (!credentials.isEmpty() && !credentials.containsKey(names.get(0))) {
            throw new InvalidRequestException("credentials." + names.get(0) + " is required with credentials."
                    + names.get(1));
        }
        if (kind == DataSourceKind.S3 && credentials.size() == 1) {
            throw new InvalidRequestException("credentials.secretKey is required with credentials.accessKey");
        }
        return credentials;
    }

    private static SealedCredentials sealedOf(DataSourceEntity source) {
        if (source.sealedCredentials == null) {
            return null;
        }
        try {
            return MessageCodec.mapper().readValue(source.sealedCredentials, SealedCredentials.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the sealed credentials of data source " + source.name + " in project "
                    + source.project + " are not readable", e);
        }
    }

    private static DataSourceSpec spec(DataSourceEntity source, DataSourceKind kind, SealedCredentials sealed) {
        return new DataSourceSpec(kind, source.bucket, source.objectKey, source.endpoint, source.host, source.port,
                source.databaseName, source.tableName, sealed);
    }

    private String currentKeyId() {
        var home = zones.home();
        return home == null ? null : home.keyId();
    }

    private static DataSourceEntity find(String project, String name) {
        DataSourceEntity source = DataSourceEntity.findById(new ProjectScopedEntity.Key(project, name));
        if (source == null) {
            throw new NotFoundException("data source " + name + " does not exist in project " + project);
        }
        return source;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static DataSourceView view(DataSourceEntity source, String currentKeyId) {
        boolean sealed = source.sealedCredentials != null;
        return new DataSourceView(source.project, source.name, source.kind, source.bucket, source.objectKey,
                source.endpoint, source.host, source.port, source.databaseName, source.tableName,
                sealed ? "sealed" : "none", source.zone, source.keyId,
                !sealed || source.keyId.equals(currentKeyId), source.createdBy, source.createdAt, source.updatedBy,
                source.updatedAt);
    }
}
