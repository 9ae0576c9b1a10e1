package dev.airlock.common.contract;

import java.time.Instant;

/**
 * Hub → dispatcher: stop a task. Signed like {@link TaskRequest}.
 *
 * @param schemaVersion {@link Contract#SCHEMA_VERSION}
 * @param taskId the task to cancel
 * @param requestedBy who asked
 * @param issuedAt when the hub signed it
 * @param signature the hub's signature
 */
public record TaskCancel(int schemaVersion, String taskId, Requester requestedBy, Instant issuedAt, Signature signature) {

    /**
     * @param signature the signature to attach
     * @return a copy carrying {@code signature}
     */
    public TaskCancel withSignature(Signature signature) {
        return new TaskCancel(schemaVersion, taskId, requestedBy, issuedAt, signature);
    }
}
