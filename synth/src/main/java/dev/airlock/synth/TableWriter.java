package dev.airlock.synth;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * Writes a synthetic table in the format its file name asks for: {@code .csv} or {@code .jsonl}, each optionally
 * {@code .gz}, or {@code .parquet}. In JSON Lines, numeric columns are written as numbers, booleans as booleans, missing
 * values as {@code null}; Parquet types its columns likewise ({@link ParquetTable.Writer}).
 */
final class TableWriter implements Closeable {

    private static final Set<String> TRUE_FALSE = Set.of("true", "false");

    private final OutputStream file;
    private final CsvWriter csv;
    private final JsonGenerator json;
    private final List<ColumnModel> columns;
    private final ParquetTable.Writer parquet;

    private TableWriter(OutputStream file, CsvWriter csv, JsonGenerator json, List<ColumnModel> columns,
            ParquetTable.Writer parquet) {
        this.file = file;
        this.csv = csv;
        this.json = json;
        this.columns = columns;
        this.parquet = parquet;
    }

    static boolean isParquet(Path output) {
        return output.getFileName().toString().endsWith(".parquet");
    }

    static boolean isJsonLines(Path output) {
        String name = output.getFileName().toString();
        return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz") || name.endsWith(".ndjson");
    }

    static TableWriter open(Path output, List<ColumnModel> columns) throws IOException {
        if (isParquet(output)) {
            return new TableWriter(null, null, null, columns, new ParquetTable.Writer(output, columns));
        }
        OutputStream file = Files.newOutputStream(output);
        OutputStream out = output.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16)
                : file;
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        if (isJsonLines(output)) {
            JsonGenerator json = new JsonFactory().createGenerator(writer)
                    .setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            return new TableWriter(out, null, json, columns, null);
        }
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(writer);
        csv.writeRecord(columns.stream().map(ColumnModel::name).toList());
        return new TableWriter(out, csv, null, columns, null);
    }

    void write(String[] values) throws IOException {
        if (parquet != null) {
            parquet.write(values);
            return;
        }
        if (csv != null) {
            csv.writeRecord(values);
            return;
        }
        json.writeStartObject();
        for (int c = 0; c < values.length; c++) {
            ColumnModel column = columns.get(c);
            json.writeFieldName(column.name());
            String value = values[c];
            if (value.equals(column.missingToken())) {
                json.writeNull();
            } else if (column.type() == ColumnType.INTEGER || column.type() == ColumnType.DECIMAL) {
                json.writeNumber(value);
            } else if (column.type() == ColumnType.BOOLEAN && TRUE_FALSE.contains(value)) {
                json.writeBoolean(Boolean.parseBoolean(value));
            } else {
                json.writeString(value);
            }
        }
        json.writeEndObject();
    }

    @Override
    public void close() throws IOException {
        if (parquet != null) {
            parquet.close();
            return;
        }
        if (csv != null) {
            csv.close();
        } else {
            json.writeRaw('\n');
            json.close();
        }
        file.close();
    }
}
