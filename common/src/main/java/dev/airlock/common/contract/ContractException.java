package dev.airlock.common.contract;

/** A message does not fit the wire contract. The message names the field, never a data value. */
public class ContractException extends RuntimeException {

    /**
     * @param message what is wrong
     */
    public ContractException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the parser's complaint
     */
    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
