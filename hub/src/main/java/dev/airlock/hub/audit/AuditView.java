package dev.airlock.hub.audit;

import java.time.Instant;

/**
 * One audited action.
 *
 * @param id its sequence number
 * @param occurredAt when
 * @param actor who (realm username)
 * @param project in which project, if any
 * @param action what: {@code project.create}, {@code member.put}, {@code member.remove}, {@code task.submit}
 * @param target on what: a task id or a username
 */
public record AuditView(long id, Instant occurredAt, String actor, String project, String action, String target) {
}
