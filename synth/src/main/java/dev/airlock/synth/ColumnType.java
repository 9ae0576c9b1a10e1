package dev.airlock.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a column is modelled. Inferred from the data unless the model configuration says otherwise. */
public enum ColumnType {
    /** A value from a set of labels; labels backed by fewer than {@code k} rows are pooled. */
    CATEGORICAL,
    /** {@code true}/{@code false} and the like; modelled as categorical. */
    BOOLEAN,
    /** Whole numbers, drawn within their bin. */
    INTEGER,
    /** Decimal numbers, drawn within their bin at the column's precision. */
    DECIMAL,
    /** Dates or timestamps in one of the recognised formats, drawn within their bin and written in that format. */
    DATETIME,
    /**
     * Identifiers and free text whose values are mostly unique: their shapes (letters, digits and punctuation) are
     * modelled and filled with random characters, so values are never copied.
     */
    IDENTIFIER;

    /** @return the name used in model configurations, such as {@code categorical} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a type name from a model configuration
     * @param column the column it is configured for, for the error message
     * @return the type
     * @throws InvalidInputException when the name is not a type
     */
    public static ColumnType fromConfig(String name, String column) {
        for (ColumnType type : values()) {
            if (type.configName().equals(name)) {
                return type;
            }
        }
        throw new InvalidInputException("column " + column + " has unknown type " + name + "; known types are "
                + Arrays.stream(values()).map(ColumnType::configName).collect(Collectors.joining(", ")));
    }

    boolean numeric() {
        return this == INTEGER || this == DECIMAL || this == DATETIME;
    }
}
