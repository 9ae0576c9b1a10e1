package dev.airlock.common.contract;

import dev.airlock.common.store.ObjectKeys;

/** Where a task's artifacts live in the shared store, by convention known to hub, dispatcher and worker. */
public final class TaskPaths {

    /** The trained model. */
    public static final String MODEL = "model.airlock";
    /**
     * The synthetic table a train task writes, and a generate task unless it asks for another
     * {@link OutputFormat} (then {@link OutputFormat#fileName()}).
     */
    public static final String SYNTHETIC = "synthetic.csv";
    /** The quality and privacy report (aggregates only, thresholded). */
    public static final String REPORT = "report.json";

    private TaskPaths() {
    }

    /**
     * @param project the project's name
     * @param taskId the task's id
     * @return the task's prefix, ending in {@code /}
     */
    public static String prefix(String project, String taskId) {
        if (!ContractValidator.isName(project)) {
            throw new ContractException("project name is not a valid name");
        }
        return ObjectKeys.requirePrefix("projects/" + project + "/tasks/" + taskId + "/");
    }
}
