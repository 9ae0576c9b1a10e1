package dev.airlock.hub.project;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.airlock.common.contract.ContractValidator;
import dev.airlock.hub.audit.AuditLog;
import dev.airlock.hub.audit.AuditView;
import dev.airlock.hub.problem.ConflictException;
import dev.airlock.hub.problem.InvalidRequestException;
import dev.airlock.hub.problem.NotFoundException;
import dev.airlock.hub.security.CurrentRequester;
import dev.airlock.hub.security.UserDirectory;
import io.quarkus.panache.common.Sort;

/** Projects and their members; every action checked by {@link ProjectAccess} and written to the audit log. */
@ApplicationScoped
public class ProjectService {

    private static final Logger LOG = Logger.getLogger(ProjectService.class);
    private static final int MAX_USERNAME = 255;

    private final ProjectAccess access;
    private final CurrentRequester requester;
    private final AuditLog audit;
    private final UserDirectory users;

    ProjectService(ProjectAccess access, CurrentRequester requester, AuditLog audit, UserDirectory users) {
        this.access = access;
        this.requester = requester;
        this.audit = audit;
        this.users = users;
    }

    /**
     * Creates a project; any signed-in user may, and becomes its owner.
     *
     * @param request name and description
     * @return the project
     */
    @Transactional
    public ProjectView create(ProjectRequest request) {
        if (request == null || !ContractValidator.isName(request.name())) {
            throw new InvalidRequestException(
                    "name must be 1-63 lower-case letters, digits, dots, dashes or underscores");
        }
        String description = request.description() == null ? "" : request.description().strip();
        if (description.length() > 500) {
            throw new InvalidRequestException("description must be at most 500 characters");
        }
        String username = requester.username();
        // serialise creations of the same name so the second gets 409, not a constraint violation
        ProjectEntity.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "project:" + request.name()).getSingleResult();
        if (ProjectEntity.findById(request.name()) != null) {
            throw new ConflictException("project " + request.name() + " already exists");
        }
        Instant now = Instant.now();
        ProjectEntity project = new ProjectEntity();
        project.name = request.name();
        project.description = description;
        project.createdBy = username;
        project.createdAt = now;
        project.persist();
        ProjectMemberEntity owner = new ProjectMemberEntity();
        owner.project = project.name;
        owner.username = username;
        owner.role = ProjectRole.OWNER;
        owner.addedBy = username;
        owner.addedAt = now;
        owner.persist();
        audit.record(username, project.name, "project.create", project.name);
        LOG.infof("project %s created by %s", project.name, username);
        return view(project, ProjectRole.OWNER);
    }

    /** @return the projects the caller may see (all of them for a platform administrator), by name */
    @Transactional
    public List<ProjectView> list() {
        String username = requester.username();
        Map<String, ProjectRole> roles = ProjectMemberEntity.<ProjectMemberEntity> list("username", username)
                .stream().collect(Collectors.toMap(m -> m.project, m -> m.role));
        List<ProjectEntity> projects = requester.isAdmin() ? ProjectEntity.listAll(Sort.ascending("name"))
                : ProjectEntity.list("name in ?1", Sort.ascending("name"), roles.keySet());
        return projects.stream().map(p -> view(p, roles.get(p.name))).toList();
    }

    /**
     * @param name a project
     * @return it, for a member or an administrator
     */
    @Transactional
    public ProjectView get(String name) {
        ProjectEntity project = access.require(name, ProjectRole.VIEWER);
        return view(project, access.roleOf(name, requester.username()));
    }

    /**
     * @param name a project
     * @return its members by username
     */
    @Transactional
    public List<MemberView> members(String name) {
        access.require(name, ProjectRole.VIEWER);
        return ProjectMemberEntity.<ProjectMemberEntity> list("project", Sort.ascending("username"), name).stream()
                .map(ProjectService::view).toList();
    }

    /**
     * Gives a user a role in a project (owners only); the last owner cannot step down.
     *
     * @param name a project
     * @param username the user's realm username
     * @param request the role
     * @return the member
     */
    @Transactional
    public MemberView putMember(String name, String username, MemberRequest request) {
        access.require(name, ProjectRole.OWNER);
        ProjectRole role = request == null ? null : ProjectRole.parse(request.role());
        if (role == null) {
            throw new InvalidRequestException("role must be owner, editor or viewer");
        }
        if (username == null || username.isBlank() || username.length() > MAX_USERNAME
                || !username.equals(username.strip())) {
            throw new InvalidRequestException("username must be a realm username");
        }
        lockMembers(name);
        ProjectMemberEntity member = ProjectMemberEntity.findById(new ProjectMemberEntity.Key(name, username));
        if (member == null && !users.exists(username)) {
            throw new InvalidRequestException("there is no user " + username + " in the realm");
        }
        if (member != null && member.role == ProjectRole.OWNER && role != ProjectRole.OWNER) {
            requireAnotherOwner(name);
        }
        if (member == null) {
            member = new ProjectMemberEntity();
            member.project = name;
            member.username = username;
        }
        member.role = role;
        member.addedBy = requester.username();
        member.addedAt = Instant.now();
        member.persist();
        audit.record(requester.username(), name, "member.put", username + " as " + role.wireName());
        return view(member);
    }

    /**
     * Removes a member (owners only); the last owner cannot be removed.
     *
     * @param name a project
     * @param username the member
     */
    @Transactional
    public void removeMember(String name, String username) {
        access.require(name, ProjectRole.OWNER);
        lockMembers(name);
        ProjectMemberEntity member = ProjectMemberEntity.findById(new ProjectMemberEntity.Key(name, username));
        if (member == null) {
            throw new NotFoundException(username + " is not a member of project " + name);
        }
        if (member.role == ProjectRole.OWNER) {
            requireAnotherOwner(name);
        }
        member.delete();
        audit.record(requester.username(), name, "member.remove", username);
    }

    /**
     * @param name a project
     * @param page the page, from 0
     * @param size the page size
     * @return its audit entries, newest first (owners and administrators)
     */
    @Transactional
    public List<AuditView> audit(String name, int page, int size) {
        access.require(name, ProjectRole.OWNER);
        return audit.list(name, page, size);
    }

    private static void lockMembers(String name) {
        ProjectEntity.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "members:" + name).getSingleResult();
    }

    private static void requireAnotherOwner(String name) {
        if (ProjectMemberEntity.count("project = ?1 and role = ?2", name, ProjectRole.OWNER) < 2) {
            throw new ConflictException("project " + name + " needs at least one owner; make another member owner first");
        }
    }

    private static ProjectView view(ProjectEntity project, ProjectRole role) {
        return new ProjectView(project.name, project.description, project.createdBy, project.createdAt,
                role == null ? null : role.wireName());
    }

    private static MemberView view(ProjectMemberEntity member) {
        return new MemberView(member.username, member.role.wireName(), member.addedBy, member.addedAt);
    }
}
