package dev.airlock.hub.project;

import jakarta.enterprise.context.ApplicationScoped;

import dev.airlock.hub.problem.ForbiddenException;
import dev.airlock.hub.problem.NotFoundException;
import dev.airlock.hub.security.CurrentRequester;

/**
 * The one place that decides whether the caller may act in a project: platform administrators may do everything,
 * members what their role allows, everybody else nothing. Call it inside the transaction of the action.
 */
@ApplicationScoped
public class ProjectAccess {

    private final CurrentRequester requester;

    ProjectAccess(CurrentRequester requester) {
        this.requester = requester;
    }

    /**
     * @param project a project's name
     * @param required the role the action needs
     * @return the project
     * @throws NotFoundException when the project does not exist
     * @throws ForbiddenException when the caller's role does not allow the action
     */
    public ProjectEntity require(String project, ProjectRole required) {
        ProjectEntity entity = ProjectEntity.findById(project);
        if (entity == null) {
            throw new NotFoundException("project " + project + " does not exist");
        }
        if (requester.isAdmin()) {
            return entity;
        }
        ProjectRole role = roleOf(project, requester.username());
        if (role == null) {
            throw new ForbiddenException("you are not a member of project " + project);
        }
        if (!role.allows(required)) {
            throw new ForbiddenException("this needs the " + required.wireName() + " role in project " + project
                    + "; you are " + role.wireName());
        }
        return entity;
    }

    /**
     * @param project a project's name
     * @param username a user
     * @return the user's role there, or {@code null}
     */
    public ProjectRole roleOf(String project, String username) {
        ProjectMemberEntity member = ProjectMemberEntity
                .findById(new ProjectMemberEntity.Key(project, username));
        return member == null ? null : member.role;
    }
}
