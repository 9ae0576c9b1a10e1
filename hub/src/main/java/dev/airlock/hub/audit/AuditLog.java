package dev.airlock.hub.audit;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Writes audit entries in the transaction of the action they record, and reads them back newest first. */
@ApplicationScoped
public class AuditLog {

    /**
     * @param actor who
     * @param project which project, or {@code null}
     * @param action what, e.g. {@code task.submit}
     * @param target on what: an id or a username, never a data value
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String project, String action, String target) {
        AuditEntity entry = new AuditEntity();
        entry.occurredAt = Instant.now();
        entry.actor = actor;
        entry.project = project;
        entry.action = action;
        entry.target = target;
        entry.persist();
    }

    /**
     * @param project a project, or {@code null} for every entry
     * @param page the page, from 0
     * @param size the page size
     * @return entries, newest first
     */
    @Transactional
    public List<AuditView> list(String project, int page, int size) {
        var query = project == null ? AuditEntity.<AuditEntity> findAll(Sort.descending("id"))
                : AuditEntity.<AuditEntity> find("project", Sort.descending("id"), project);
        return query.page(Page.of(page, size)).list().stream()
                .map(e -> new AuditView(e.id, e.occurredAt, e.actor, e.project, e.action, e.target)).toList();
    }
}
