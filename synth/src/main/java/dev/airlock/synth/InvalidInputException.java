package dev.airlock.synth;

/**
 * The input table or the model configuration cannot be used. The message names the row, column or setting at fault
 * and never quotes a data value, so it may cross to the control side.
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming row and column but no value
     */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming row and column but no value
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
