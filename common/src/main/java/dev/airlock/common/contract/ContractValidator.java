package dev.airlock.common.contract;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the fields each contract record needs. Used on decoding and, by the dispatcher's egress gate, before anything
 * is sent out of the zone.
 */
public final class ContractValidator {

    /** Task ids are UUIDs. */
    private static final Pattern UUID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Project, zone and data-source names: lower-case words, digits and dashes. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
    /** Metric names: dotted lower-case words. */
    private static final Pattern METRIC = Pattern.compile("[a-z][a-zA-Z0-9_.]{0,79}");
    /** Longest error message allowed out of the zone. */
    public static final int MAX_ERROR_MESSAGE = 500;

    private ContractValidator() {
    }

    /**
     * @param message a decoded contract record
     * @throws ContractException naming the first field that does not fit
     */
    public static void validate(Object message) {
        if (message instanceof TaskRequest request) {
            validate(request);
        } else if (message instanceof TaskEvent event) {
            validate(event);
        } else if (message instanceof TaskCancel cancel) {
            requireId("TaskCancel", "taskId", cancel.taskId());
            require("TaskCancel", "issuedAt", cancel.issuedAt());
        } else if (message instanceof ZoneHeartbeat heartbeat) {
            requireName("ZoneHeartbeat", "zone", heartbeat.zone());
            require("ZoneHeartbeat", "sentAt", heartbeat.sentAt());
            require("ZoneHeartbeat", "publicKey", heartbeat.publicKey());
            require("ZoneHeartbeat", "keyId", heartbeat.keyId());
        }
    }

    private static void validate(TaskRequest request) {
        String type = "TaskRequest";
        requireId(type, "taskId", request.taskId());
        requireName(type, "project", request.project());
        require(type, "type", request.type());
        require(type, "output", request.output());
        require(type, "issuedAt", request.issuedAt());
        if (request.type() == TaskType.TRAIN || request.type() == TaskType.EVALUATE) {
            requireName(type, "dataSource", request.dataSource());
        }
        if (request.type() != TaskType.TRAIN && request.modelTaskId() != null) {
            requireId(type, "modelTaskId", request.modelTaskId());
        }
        if (request.type() == TaskType.GENERATE) {
            requireId(type, "modelTaskId", request.modelTaskId());
        }
        try {
            OutputFormat.forTask(request.type(), request.parameters());
        } catch (ContractException e) {
            throw new ContractException(type + ": " + e.getMessage());
        }
        if (request.source() != null) {
            List<String> problems = request.source().problems();
            if (!problems.isEmpty()) {
                throw new ContractException(type + ".source: " + problems.get(0));
            }
        }
        if (request.modelConfig() != null && !request.modelConfig().isObject()) {
            throw new ContractException(type + ".modelConfig must be a JSON object");
        }
    }

    private static void validate(TaskEvent event) {
        String type = "TaskEvent";
        requireId(type, "eventId", event.eventId());
        requireId(type, "taskId", event.taskId());
        requireName(type, "zone", event.zone());
        require(type, "state", event.state());
        require(type, "occurredAt", event.occurredAt());
        if (event.progress() != null) {
            double fraction = event.progress().fraction();
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new ContractException(type + ".progress.fraction must be between 0 and 1");
            }
            if (event.progress().phase() == null || !METRIC.matcher(event.progress().phase()).matches()) {
                throw new ContractException(type + ".progress.phase must be a lower-case word");
            }
        }
        if (event.state() == TaskState.ERROR && (event.error() == null || event.error().code() == null)) {
            throw new ContractException(type + ".error.code is required in state error");
        }
        if (event.error() != null && event.error().message() != null
                && event.error().message().length() > MAX_ERROR_MESSAGE) {
            throw new ContractException(type + ".error.message is longer than " + MAX_ERROR_MESSAGE);
        }
        if (event.metrics() != null) {
            for (Map.Entry<String, Double> metric : event.metrics().entrySet()) {
                if (!METRIC.matcher(metric.getKey()).matches()) {
                    throw new ContractException(type + ".metrics has a name that is not a metric name");
                }
                if (metric.getValue() == null || !Double.isFinite(metric.getValue())) {
                    throw new ContractException(type + ".metrics." + metric.getKey() + " must be a finite number");
                }
            }
        }
    }

    /**
     * @param value a name
     * @return whether it is a valid project, zone or data-source name
     */
    public static boolean isName(String value) {
        return value != null && NAME.matcher(value).matches();
    }

    private static void require(String type, String field, Object value) {
        if (value == null) {
            throw new ContractException(type + "." + field + " is required");
        }
    }

    private static void requireId(String type, String field, String value) {
        if (value == null || !UUID.matcher(value).matches()) {
            throw new ContractException(type + "." + field + " must be a lower-case UUID");
        }
    }

    private static void requireName(String type, String field, String value) {
        if (!isName(value)) {
            throw new ContractException(
                    type + "." + field + " must be 1-63 lower-case letters, digits, dots, dashes or underscores");
        }
    }
}
