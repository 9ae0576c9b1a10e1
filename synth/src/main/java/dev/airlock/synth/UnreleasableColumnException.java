package dev.airlock.synth;

/**
 * Training under differential privacy stopped because a column's domain cannot be told from the noise (too few rows
 * for its range at its share of epsilon); the message names the column and what to declare. Bad input, as far as the
 * run goes: the same data and configuration would be refused again, and a retry spends epsilon again.
 */
public class UnreleasableColumnException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the column, the released noisy count and the count needed, and what to declare
     */
    public UnreleasableColumnException(String message) {
        super(message);
    }
}
