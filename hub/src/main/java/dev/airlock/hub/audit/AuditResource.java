package dev.airlock.hub.audit;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.airlock.hub.problem.ForbiddenException;
import dev.airlock.hub.problem.InvalidRequestException;
import dev.airlock.hub.security.CurrentRequester;

/** The whole audit log, for platform administrators. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog audit;
    private final CurrentRequester requester;

    AuditResource(AuditLog audit, CurrentRequester requester) {
        this.audit = audit;
        this.requester = requester;
    }

    /** Every audited action, newest first. */
    @GET
    public List<AuditView> list(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        if (!requester.isAdmin()) {
            throw new ForbiddenException("the audit log of all projects is for platform administrators");
        }
        if (page < 0 || size < 1 || size > 500) {
            throw new InvalidRequestException("page must be 0 or more and size from 1 to 500");
        }
        return audit.list(null, page, size);
    }
}
