package dev.airlock.synth;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/**
 * Streams a CSV or JSON Lines table (plain or gzip-compressed) or a Parquet table, all recognised by content, row by
 * row, checking that it is UTF-8 text with a header (for JSON Lines, the first object's keys; for Parquet, its schema)
 * and rows of the header's width. Errors name the row (the line in the file; for Parquet, the row's number) and column,
 * never a value. Parquet is read by {@link ParquetTable}.
 */
final class TableReader {

    /** Receives each data row. */
    @FunctionalInterface
    interface RowHandler {
        void row(String[] fields, long line);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private TableReader() {
    }

    /** Stops a read once the header is known. */
    private static final class HeaderRead extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> header;

        private HeaderRead(List<String> header) {
            super(null, null, false, false);
            this.header = header;
        }
    }

    /**
     * @param file the table, in any format {@link #read} takes
     * @return its column names, read without its rows
     * @throws InvalidInputException when it is not a table
     */
    static List<String> header(Path file) {
        try {
            return read(file, (fields, line) -> {
            }, header -> {
                throw new HeaderRead(header);
            });
        } catch (HeaderRead done) {
            return done.header;
        }
    }

    /**
     * @param file the table
     * @param handler called for each data row, in order
     * @param onHeader called with the header before the first row
     * @return the header
     */
    static List<String> read(Path file, RowHandler handler, Consumer<List<String>> onHeader) {
        try {
            if (ParquetTable.isParquet(file)) {
                return ParquetTable.read(file, handler, onHeader);
            }
        } catch (IOException e) {
            throw translate(e);
        }
        try (InputStream peek = open(file)) {
            if (startsWithBrace(peek)) {
                return readJsonLines(peek, handler, onHeader);
            }
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        } catch (IOException e) {
            throw translate(e);
        }
        try (InputStream raw = open(file);
                InputStreamReader reader = new InputStreamReader(raw,
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT));
                CsvReader<CsvRecord> csv = CsvReader.builder().ignoreDifferentFieldCount(true).skipEmptyLines(true)
                        .ofCsvRecord(reader)) {
            List<String> header = null;
            long rows = 0;
            for (CsvRecord record : csv) {
                long line = record.getStartingLineNumber();
                if (header == null) {
                    header = header(record);
                    onHeader.accept(header);
                    continue;
                }
                String[] fields = record.getFields().toArray(String[]::new);
                checkWidth(header, fields.length, line);
                for (int i = 0; i < fields.length; i++) {
                    if (fields[i].indexOf('\0') >= 0) {
                        throw notCsv("row " + line + ", column " + header.get(i) + " holds a NUL character");
                    }
                }
                handler.row(fields, line);
                rows++;
            }
            if (header == null) {
                throw new InvalidInputException("the table is empty: it has no header row");
            }
            if (rows == 0) {
                throw new InvalidInputException("the table has a header but no rows");
            }
            return header;
        } catch (CsvParseException e) {
            throw notCsv("it cannot be parsed as CSV");
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** JSON Lines: one object per line, the first object's keys are the columns. */
    private static List<String> readJsonLines(InputStream in, RowHandler handler, Consumer<List<String>> onHeader)
            throws IOException {
        List<String> header = null;
        Map<String, Integer> index = new HashMap<>();
        long rows = 0;
        try (JsonParser parser = JSON.createParser(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            while (true) {
                JsonToken token;
                long line = parser.currentLocation().getLineNr();
                try {
                    token = parser.nextToken();
                    line = parser.currentTokenLocation().getLineNr();
                    if (token == null) {
                        break;
                    }
                    if (token != JsonToken.START_OBJECT) {
                        throw new InvalidInputException("the table is not JSON Lines: row " + line + " is not an object");
                    }
                    JsonNode object = parser.readValueAsTree();
                    if (header == null) {
                        List<String> names = new ArrayList<>();
                        object.fieldNames().forEachRemaining(names::add);
                        header = checkHeader(names);
                        for (int i = 0; i < header.size(); i++) {
                            index.put(header.get(i), i);
                        }
                        onHeader.accept(header);
                    }
                    String[] fields = new String[header.size()];
                    java.util.Arrays.fill(fields, "");
                    for (var entry : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
                        Integer column = index.get(entry.getKey().strip());
                        if (column == null) {
                            throw new InvalidInputException("row " + line + " has column " + entry.getKey()
                                    + ", which the first row does not have");
                        }
                        JsonNode value = entry.getValue();
                        if (value.isContainerNode()) {
                            throw new InvalidInputException("row " + line + ", column " + entry.getKey()
                                    + " holds a nested value; only flat objects are supported");
                        }
                        fields[column] = value.isNull() ? "" : value.asText();
                    }
                    handler.row(fields, line);
                    rows++;
                } catch (JsonProcessingException e) {
                    throw new InvalidInputException("the table is not JSON Lines: row " + line + " is not valid JSON");
                }
            }
        }
        if (rows == 0) {
            throw new InvalidInputException("the table has no rows");
        }
        return header;
    }

    private static boolean startsWithBrace(InputStream in) throws IOException {
        in.mark(4096);
        try {
            for (int i = 0; i < 4096; i++) {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                if (!Character.isWhitespace(b)) {
                    return b == '{';
                }
            }
            return false;
        } finally {
            in.reset();
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    private static List<String> header(CsvRecord record) {
        return checkHeader(record.getFields());
    }

    static List<String> checkHeader(List<String> names) {
        // spreadsheet exports often start with a byte-order mark, which is not part of the first column's name
        List<String> header = names.stream().map(n -> n.startsWith("\uFEFF") ? n.substring(1) : n).map(String::strip)
                .toList();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.indexOf('\0') >= 0 || name.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw notCsv("its first line holds control characters");
            }
            if (name.isEmpty()) {
                throw new InvalidInputException("the header's column " + (i + 1) + " has no name");
            }
            if (!seen.add(name)) {
                throw new InvalidInputException("the header names column " + name + " twice");
            }
        }
        return header;
    }

    private static void checkWidth(List<String> header, int width, long line) {
        if (width < header.size()) {
            throw new InvalidInputException("row " + line + " has " + width + " fields but the header has "
                    + header.size() + "; column " + header.get(width) + " is missing");
        }
        if (width > header.size()) {
            throw new InvalidInputException("row " + line + " has " + width + " fields but the header has "
                    + header.size() + "; there are fields after the last column " + header.get(header.size() - 1));
        }
    }

    private static InvalidInputException translate(IOException e) {
        if (e instanceof CharacterCodingException) {
            return notCsv("it is not UTF-8 text");
        }
        if (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException) {
            return notCsv("it is a damaged gzip file");
        }
        throw new UncheckedIOException(e);
    }

    private static InvalidInputException notCsv(String reason) {
        return new InvalidInputException("the table is not a CSV file: " + reason);
    }
}
