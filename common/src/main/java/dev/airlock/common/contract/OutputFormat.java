package dev.airlock.common.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The file format a generate task writes its synthetic table in, asked for by the task parameter {@value #PARAMETER}.
 * The engine picks the writer by the file's extension, so the format is no more than the artifact's file name; CSV,
 * the default, keeps the name {@link TaskPaths#SYNTHETIC} that train samples and evaluate tasks rely on.
 */
public enum OutputFormat {

    /** Plain CSV, the default. */
    CSV("csv", "text/csv"),
    /** CSV, gzip-compressed. */
    CSV_GZ("csv.gz", "application/gzip"),
    /** JSON Lines: one object a row, numbers and booleans typed. */
    JSONL("jsonl", "application/x-ndjson"),
    /** Apache Parquet, columns typed. */
    PARQUET("parquet", "application/vnd.apache.parquet");

    /** The task parameter that names the format. */
    public static final String PARAMETER = "format";
    /** The allowed values, for messages: {@code csv, csv.gz, jsonl, parquet}. */
    public static final String ALLOWED = Arrays.stream(values()).map(OutputFormat::extension)
            .collect(Collectors.joining(", "));

    private static final Map<String, OutputFormat> BY_EXTENSION = Arrays.stream(values())
            .collect(Collectors.toMap(OutputFormat::extension, f -> f));

    private final String extension;
    private final String contentType;

    OutputFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** @return the parameter value and file extension, e.g. {@code csv.gz} */
    public String extension() {
        return extension;
    }

    /** @return the media type to store and serve the file with */
    public String contentType() {
        return contentType;
    }

    /** @return the artifact's file name: {@code synthetic.csv}, {@code synthetic.parquet}, ... */
    public String fileName() {
        return "synthetic." + extension;
    }

    /**
     * @param parameters a task's parameters, may be {@code null}
     * @return the format they ask for, {@link #CSV} when they name none
     * @throws ContractException naming the allowed values when the parameter is not one of them
     */
    public static OutputFormat of(Map<String, Object> parameters) {
        Object value = parameters == null ? null : parameters.get(PARAMETER);
        if (value == null) {
            return CSV;
        }
        OutputFormat format = value instanceof String text ? BY_EXTENSION.get(text.toLowerCase(Locale.ROOT)) : null;
        if (format == null) {
            throw new ContractException("parameter " + PARAMETER + " must be one of " + ALLOWED);
        }
        return format;
    }

    /**
     * The one rule for who may ask for a format: a generate task, for its table; the other tasks write their sample
     * as CSV, which evaluate tasks read by that name.
     *
     * @param type the task's type
     * @param parameters its parameters, may be {@code null}
     * @return the format a generate task asks for ({@link #CSV} when it names none); {@link #CSV} for the other types
     * @throws ContractException when the value is not allowed, or another type names a format
     */
    public static OutputFormat forTask(TaskType type, Map<String, Object> parameters) {
        if (type == TaskType.GENERATE) {
            return of(parameters);
        }
        if (parameters != null && parameters.containsKey(PARAMETER)) {
            throw new ContractException("parameter " + PARAMETER + " applies to generate tasks only");
        }
        return CSV;
    }

    /**
     * @param fileName an artifact's file name (the last part of its key)
     * @return the media type it is served with: that of the format whose file name it is, or
     *         {@code application/octet-stream}
     */
    public static String contentTypeOf(String fileName) {
        return Arrays.stream(values()).filter(f -> fileName.equals(f.fileName())).map(OutputFormat::contentType)
                .findFirst().orElse("application/octet-stream");
    }
}
