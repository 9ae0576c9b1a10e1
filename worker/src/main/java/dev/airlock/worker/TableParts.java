package dev.airlock.worker;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.airlock.common.store.ObjectNotFoundException;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.ParquetParts;

/**
 * A table stored as many objects under one prefix (as Spark, Hive or a daily export writes it): each part is CSV or
 * JSON Lines, gzip-compressed or not, or Parquet (all recognised by content), all parts of one format and, for CSV, with
 * the same header, for Parquet with the same columns and types. They are joined, in key order, into one file in the
 * scratch space; Parquet parts' row groups are copied as they are ({@link ParquetParts}).
 */
final class TableParts {

    private TableParts() {
    }

    static Path combine(ObjectStore store, String bucket, String prefix, Path scratch) throws IOException {
        List<String> keys = new ArrayList<>(store.list(bucket, prefix).stream()
                .filter(key -> !key.endsWith("/") && !Path.of(key).getFileName().toString().startsWith("_")
                        && !Path.of(key).getFileName().toString().startsWith("."))
                .sorted().toList());
        if (keys.isEmpty()) {
            throw new ObjectNotFoundException("no object under the prefix");
        }
        Path parts = Files.createDirectories(scratch.resolve("parts"));
        Boolean json = null;
        List<String> header = null;
        Path target = null;
        Writer out = null;
        CsvWriter csv = null;
        ParquetParts parquet = null;
        try {
            for (int i = 0; i < keys.size(); i++) {
                Path part = parts.resolve("part-" + i);
                store.download(bucket, keys.get(i), part);
                boolean partParquet = ParquetParts.isParquet(part);
                if (i == 0 && partParquet) {
                    target = scratch.resolve("source.parquet");
                    parquet = new ParquetParts(target);
                } else if (partParquet != (parquet != null)) {
                    throw new InvalidInputException("the parts under the data source's prefix mix Parquet with CSV or "
                            + "JSON Lines (part " + (i + 1) + " of " + keys.size() + ")");
                }
                if (parquet != null) {
                    parquet.append(part, i + 1, keys.size());
                    Files.delete(part);
                    continue;
                }
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(part),
                        StandardCharsets.UTF_8))) {
                    reader.mark(1);
                    int first = reader.read();
                    reader.reset();
                    boolean partJson = first == '{';
                    if (json == null) {
                        json = partJson;
                        target = scratch.resolve(json ? "source.jsonl" : "source.csv");
                        out = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
                        if (!json) {
                            csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
                        }
                    } else if (json != partJson) {
                        throw new InvalidInputException("the parts under the data source's prefix mix CSV and JSON "
                                + "Lines (part " + (i + 1) + " of " + keys.size() + ")");
                    }
                    if (json) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            out.write(line);
                            out.write('\n');
                        }
                    } else {
                        header = appendCsv(reader, csv, header, i + 1, keys.size());
                    }
                }
                Files.delete(part);
            }
        } finally {
            if (parquet != null) {
                parquet.close();
            }
            if (csv != null) {
                csv.close();
            } else if (out != null) {
                out.close();
            }
        }
        return target;
    }

    private static List<String> appendCsv(BufferedReader reader, CsvWriter csv, List<String> header, int part,
            int parts) throws IOException {
        List<String> seen = header;
        boolean first = true;
        try (CsvReader<CsvRecord> records = CsvReader.builder().ofCsvRecord(reader)) {
            for (CsvRecord record : records) {
                if (first) {
                    first = false;
                    List<String> names = record.getFields();
                    if (!names.isEmpty() && !names.get(0).isEmpty() && names.get(0).charAt(0) == '\uFEFF') {
                        names = new ArrayList<>(names);
                        names.set(0, names.get(0).substring(1));
                    }
                    if (seen == null) {
                        seen = names;
                        csv.writeRecord(names);
                    } else if (!seen.equals(names)) {
                        throw new InvalidInputException("part " + part + " of " + parts + " under the data source's "
                                + "prefix has other columns than the first part");
                    }
                    continue;
                }
                csv.writeRecord(record.getFields());
            }
        }
        return seen;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in) : in;
    }
}
