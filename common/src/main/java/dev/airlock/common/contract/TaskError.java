package dev.airlock.common.contract;

/**
 * Why a task failed.
 *
 * @param code the error code
 * @param message a message that quotes no data value
 */
public record TaskError(ErrorCode code, String message) {
}
