package dev.airlock.synth;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.UUIDLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet tables, read and written column chunk by column chunk with parquet-mr's low-level API: a row group at a time
 * is held, so memory grows with the row group, not the file. The record-level API ({@code ParquetReader},
 * {@code ParquetWriter}) is avoided because it needs Hadoop's classes at run time; this code needs only
 * parquet-column, parquet-hadoop's file reader and writer, and aircompressor ({@link ParquetCodecs}).
 *
 * <p>
 * Only flat tables are read: every column a primitive, not repeated. Values become the text the CSV reader would give:
 * integers, decimals in plain notation, {@code true}/{@code false}, dates as {@code 2024-03-15}, timestamps as
 * {@code 2024-03-15T08:30:00} (with a fraction when there is one, and a trailing {@code Z} when the column is adjusted to
 * UTC), nulls as empty fields (missing).
 */
final class ParquetTable {

    private static final byte[] MAGIC = { 'P', 'A', 'R', '1' };
    /** Rows are buffered in memory up to about this size before a row group is written. */
    static final long ROW_GROUP_BYTES = 32L << 20;
    /** Julian day number of 1970-01-01, for the legacy INT96 timestamps Spark and Impala write. */
    private static final long JULIAN_EPOCH_DAY = 2_440_588;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss",
            Locale.ROOT);

    private ParquetTable() {
    }

    /** @return whether the file starts with Parquet's magic number (a damaged file is caught when it is read) */
    static boolean isParquet(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    static ParquetReadOptions readOptions() {
        return HadoopFreeReadOptions.of(ParquetCodecs.INSTANCE);
    }

    /**
     * Streams the rows, one row group in memory at a time.
     *
     * @param file a Parquet file
     * @param handler called for each row, with its 1-based number as the line
     * @param onHeader called with the column names before the first row
     * @return the column names
     */
    static List<String> read(Path file, TableReader.RowHandler handler, Consumer<List<String>> onHeader) {
        try (ParquetFileReader reader = open(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<String> header = header(schema);
            List<ColumnDescriptor> descriptors = schema.getColumns();
            ValueReader[] values = new ValueReader[descriptors.size()];
            // 1 for an optional column (0 there is null), 0 for a required one
            int[] defined = new int[descriptors.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = valueReader(descriptors.get(c).getPrimitiveType(), header.get(c));
                defined[c] = descriptors.get(c).getMaxDefinitionLevel();
            }
            onHeader.accept(header);
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            GroupConverter ignored = new IgnoringConverter(values.length);
            ColumnReader[] columns = new ColumnReader[values.length];
            long row = 0;
            while (true) {
                long rows;
                try {
                    PageReadStore group = reader.readNextRowGroup();
                    if (group == null) {
                        break;
                    }
                    ColumnReadStoreImpl store = new ColumnReadStoreImpl(group, ignored, schema, createdBy);
                    for (int c = 0; c < columns.length; c++) {
                        columns[c] = store.getColumnReader(descriptors.get(c));
                    }
                    rows = group.getRowCount();
                } catch (IOException | RuntimeException e) {
                    throw damaged(e, "at row " + (row + 1));
                }
                for (; rows > 0; rows--) {
                    row++;
                    String[] fields = new String[columns.length];
                    int c = 0;
                    try {
                        for (; c < columns.length; c++) {
                            ColumnReader column = columns[c];
                            fields[c] = column.getCurrentDefinitionLevel() == defined[c] ? values[c].read(column) : "";
                            column.consume();
                        }
                    } catch (RuntimeException e) {
                        throw damaged(e, "at row " + row + ", column " + header.get(c));
                    }
                    handler.row(fields, row);
                }
            }
            if (row == 0) {
                throw new InvalidInputException("the table has columns but no rows");
            }
            return header;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * parquet-mr reports damage in many ways (IOException, ParquetDecodingException, runtime exceptions for bad
     * offsets); neither their messages nor the exceptions are passed on, as they may quote bytes of the file.
     */
    private static InvalidInputException damaged(Exception e, String where) {
        if (e instanceof InvalidInputException invalid) {
            return invalid;
        }
        return new InvalidInputException("the table is a damaged Parquet file: it cannot be decoded " + where);
    }

    /**
     * Opens a Parquet file, checking both magic numbers first so that a truncated file is named as such.
     *
     * @throws InvalidInputException when the file is truncated or its footer cannot be read
     */
    static ParquetFileReader open(Path file) throws IOException {
        long size = Files.size(file);
        byte[] tail = new byte[MAGIC.length];
        if (size >= 12) {
            try (var channel = Files.newByteChannel(file)) {
                channel.position(size - MAGIC.length);
                ByteBuffer buffer = ByteBuffer.wrap(tail);
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // read the last four bytes
                }
            }
        }
        if (size < 12 || !Arrays.equals(tail, MAGIC)) {
            throw new InvalidInputException("the table is a damaged Parquet file: it is truncated (no footer)");
        }
        try {
            return ParquetFileReader.open(new LocalInputFile(file), readOptions());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("the table is a damaged Parquet file: its footer cannot be read");
        }
    }

    private static List<String> header(MessageType schema) {
        List<String> names = new ArrayList<>();
        for (Type field : schema.getFields()) {
            if (!field.isPrimitive()) {
                throw new InvalidInputException("column " + field.getName()
                        + " is nested (a group, list or map); only flat tables are supported");
            }
            if (field.isRepetition(Type.Repetition.REPEATED)) {
                throw new InvalidInputException("column " + field.getName()
                        + " is repeated (a list); only flat tables are supported");
            }
            names.add(field.getName());
        }
        if (names.isEmpty()) {
            throw new InvalidInputException("the table has no columns");
        }
        return TableReader.checkHeader(names);
    }

    /** Turns the current value of a column into text. */
    @FunctionalInterface
    private interface ValueReader {
        String read(ColumnReader column);
    }

    private static ValueReader valueReader(PrimitiveType type, String column) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN:
                return c -> c.getBoolean() ? "true" : "false";
            case INT32:
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    int scale = decimal.getScale();
                    return c -> BigDecimal.valueOf(c.getInteger(), scale).toPlainString();
                }
                if (logical instanceof DateLogicalTypeAnnotation) {
                    return c -> LocalDate.ofEpochDay(c.getInteger()).toString();
                }
                if (logical instanceof TimeLogicalTypeAnnotation) {
                    return c -> time(c.getInteger(), TimeUnit.MILLIS);
                }
                if (logical instanceof IntLogicalTypeAnnotation integer && !integer.isSigned()) {
                    return c -> Integer.toUnsignedString(c.getInteger());
                }
                if (logical == null || logical instanceof IntLogicalTypeAnnotation) {
                    return c -> Integer.toString(c.getInteger());
                }
                break;
            case INT64:
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    int scale = decimal.getScale();
                    return c -> BigDecimal.valueOf(c.getLong(), scale).toPlainString();
                }
                if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
                    TimeUnit unit = timestamp.getUnit();
                    boolean utc = timestamp.isAdjustedToUTC();
                    return c -> timestamp(c.getLong(), unit, utc);
                }
                if (logical instanceof TimeLogicalTypeAnnotation time) {
                    TimeUnit unit = time.getUnit();
                    return c -> time(c.getLong(), unit);
                }
                if (logical instanceof IntLogicalTypeAnnotation integer && !integer.isSigned()) {
                    return c -> Long.toUnsignedString(c.getLong());
                }
                if (logical == null || logical instanceof IntLogicalTypeAnnotation) {
                    return c -> Long.toString(c.getLong());
                }
                break;
            case INT96:
                return c -> int96(c.getBinary());
            case FLOAT:
                return c -> decimal(Float.toString(c.getFloat()));
            case DOUBLE:
                return c -> decimal(Double.toString(c.getDouble()));
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    int scale = decimal.getScale();
                    return c -> new BigDecimal(new BigInteger(c.getBinary().getBytes()), scale).toPlainString();
                }
                if (logical instanceof UUIDLogicalTypeAnnotation) {
                    return c -> {
                        ByteBuffer bytes = c.getBinary().toByteBuffer();
                        return new UUID(bytes.getLong(bytes.position()), bytes.getLong(bytes.position() + 8))
                                .toString();
                    };
                }
                if (logical == null && type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                        || logical instanceof StringLogicalTypeAnnotation || logical instanceof EnumLogicalTypeAnnotation
                        || logical instanceof JsonLogicalTypeAnnotation) {
                    // binary without annotation is how older writers (Spark's default before 3) store strings
                    return c -> c.getBinary().toStringUsingUTF8();
                }
                break;
            default:
                break;
        }
        throw new InvalidInputException("column " + column + " has Parquet type "
                + type.getPrimitiveTypeName().name().toLowerCase(Locale.ROOT)
                + (logical != null ? " (" + logical + ")" : "") + ", which is not supported");
    }

    /** Plain notation for a float or double's shortest text: {@code 1.0E7} becomes {@code 10000000.0}. */
    static String decimal(String shortest) {
        if (shortest.indexOf('E') < 0) {
            return shortest;
        }
        BigDecimal value = new BigDecimal(shortest).stripTrailingZeros();
        return value.scale() <= 0 ? value.toPlainString() + ".0" : value.toPlainString();
    }

    private static long[] secondsAndNanos(long value, TimeUnit unit) {
        long perSecond = switch (unit) {
            case MILLIS -> 1_000L;
            case MICROS -> 1_000_000L;
            case NANOS -> 1_000_000_000L;
        };
        return new long[] { Math.floorDiv(value, perSecond),
                Math.floorMod(value, perSecond) * (1_000_000_000L / perSecond) };
    }

    static String timestamp(long value, TimeUnit unit, boolean utc) {
        long[] parts = secondsAndNanos(value, unit);
        return dateTime(parts[0], (int) parts[1], utc);
    }

    private static String dateTime(long seconds, int nanos, boolean utc) {
        StringBuilder text = new StringBuilder(32);
        text.append(SECONDS.format(LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC)));
        appendFraction(text, nanos);
        return utc ? text.append('Z').toString() : text.toString();
    }

    private static String time(long value, TimeUnit unit) {
        long[] parts = secondsAndNanos(value, unit);
        StringBuilder text = new StringBuilder(
                LocalTime.ofSecondOfDay(Math.floorMod(parts[0], 86_400L)).format(DateTimeFormatter.ISO_LOCAL_TIME));
        if (text.length() == 5) {
            text.append(":00");
        }
        appendFraction(text, (int) parts[1]);
        return text.toString();
    }

    /** Milli-, micro- or nanoseconds, as many digits as the value needs; nothing for a whole second. */
    private static void appendFraction(StringBuilder text, int nanos) {
        if (nanos == 0) {
            return;
        }
        String digits = String.format(Locale.ROOT, "%09d", nanos);
        int length = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        text.append('.').append(digits, 0, length);
    }

    /** INT96: nanoseconds of the day, then the Julian day, little-endian; an instant in UTC. */
    private static String int96(Binary value) {
        ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong(bytes.position());
        long julianDay = bytes.getInt(bytes.position() + 8);
        long seconds = (julianDay - JULIAN_EPOCH_DAY) * 86_400L + Math.floorDiv(nanosOfDay, 1_000_000_000L);
        return dateTime(seconds, (int) Math.floorMod(nanosOfDay, 1_000_000_000L), true);
    }

    /** The column readers decode values themselves; the converters they are built with are never called. */
    private static final class IgnoringConverter extends GroupConverter {
        private final PrimitiveConverter[] children;

        IgnoringConverter(int columns) {
            children = new PrimitiveConverter[columns];
            Arrays.fill(children, new PrimitiveConverter() {
            });
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return children[fieldIndex];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }

    /**
     * Writes a synthetic table as Parquet: integer columns as INT64, decimal columns as DOUBLE, boolean columns whose
     * labels are {@code true}/{@code false} as BOOLEAN, everything else (categories, identifiers, and dates and
     * timestamps, which keep their source's format) as UTF-8 strings; every column optional, missing values null.
     * Pages are Snappy-compressed in pure Java. The file holds no time stamp or host name, so the same model and seed
     * give the same bytes.
     */
    static final class Writer implements Closeable {
        private final ParquetFileWriter file;
        private final MessageType schema;
        private final ParquetProperties properties;
        private final PrimitiveTypeName[] types;
        private final String[] missingTokens;
        /** For categorical columns, each label's UTF-8 bytes, encoded once; {@code null} for the others. */
        private final Map<String, Binary>[] labelBytes;
        private ColumnChunkPageWriteStore pages;
        private ColumnWriteStore store;
        private ColumnWriter[] writers;
        private long rowsInGroup;

        Writer(Path output, List<ColumnModel> columns) throws IOException {
            this.types = new PrimitiveTypeName[columns.size()];
            this.missingTokens = columns.stream().map(ColumnModel::missingToken).toArray(String[]::new);
            @SuppressWarnings("unchecked")
            Map<String, Binary>[] bytes = new Map[columns.size()];
            this.labelBytes = bytes;
            Types.MessageTypeBuilder builder = Types.buildMessage();
            for (int c = 0; c < types.length; c++) {
                ColumnModel column = columns.get(c);
                types[c] = physicalType(column);
                var field = Types.optional(types[c]);
                if (types[c] == PrimitiveTypeName.BINARY) {
                    field = field.as(LogicalTypeAnnotation.stringType());
                    if (column.labels() != null && column.type() != ColumnType.IDENTIFIER) {
                        labelBytes[c] = new java.util.HashMap<>();
                    }
                }
                builder.addField(field.named(column.name()));
            }
            schema = builder.named("synthetic");
            properties = ParquetProperties.builder().build();
            file = new ParquetFileWriter(new LocalOutputFile(output), schema, ParquetFileWriter.Mode.OVERWRITE,
                    ROW_GROUP_BYTES, 0, properties.getColumnIndexTruncateLength(),
                    properties.getStatisticsTruncateLength(), properties.getPageWriteChecksumEnabled());
            file.start();
            startGroup();
        }

        private static PrimitiveTypeName physicalType(ColumnModel column) {
            return switch (column.type()) {
                case INTEGER -> PrimitiveTypeName.INT64;
                case DECIMAL -> PrimitiveTypeName.DOUBLE;
                case BOOLEAN -> column.labels() != null && column.labels().stream()
                        .allMatch(l -> l.equalsIgnoreCase("true") || l.equalsIgnoreCase("false")
                                || l.equals(column.missingToken()) || ColumnProfile.MISSING_TOKENS.contains(l))
                                        ? PrimitiveTypeName.BOOLEAN
                                        : PrimitiveTypeName.BINARY;
                default -> PrimitiveTypeName.BINARY;
            };
        }

        private void startGroup() {
            pages = new ColumnChunkPageWriteStore(ParquetCodecs.INSTANCE.getCompressor(
                    org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY), schema,
                    properties.getAllocator(), properties.getColumnIndexTruncateLength(),
                    properties.getPageWriteChecksumEnabled());
            store = properties.newColumnWriteStore(schema, pages, pages);
            List<ColumnDescriptor> descriptors = schema.getColumns();
            writers = new ColumnWriter[descriptors.size()];
            for (int c = 0; c < writers.length; c++) {
                writers[c] = store.getColumnWriter(descriptors.get(c));
            }
            rowsInGroup = 0;
        }

        void write(String[] values) throws IOException {
            for (int c = 0; c < values.length; c++) {
                String value = values[c];
                ColumnWriter writer = writers[c];
                if (value == null || value.equals(missingTokens[c])) {
                    writer.writeNull(0, 0);
                    continue;
                }
                switch (types[c]) {
                    // a numeric column's values are numbers or one of the missing-value tokens, none of which starts
                    // like a number; checking the first character spares hashing every value
                    case INT64 -> {
                        if (startsLikeANumber(value)) {
                            writer.write(Long.parseLong(value), 0, 1);
                        } else {
                            writer.writeNull(0, 0);
                        }
                    }
                    case DOUBLE -> {
                        if (startsLikeANumber(value)) {
                            writer.write(Double.parseDouble(value), 0, 1);
                        } else {
                            writer.writeNull(0, 0);
                        }
                    }
                    case BOOLEAN -> {
                        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                            writer.write(value.equalsIgnoreCase("true"), 0, 1);
                        } else {
                            writer.writeNull(0, 0);
                        }
                    }
                    default -> writer.write(labelBytes[c] != null
                            ? labelBytes[c].computeIfAbsent(value, Binary::fromString)
                            : Binary.fromString(value), 0, 1);
                }
            }
            store.endRecord();
            rowsInGroup++;
            if (rowsInGroup % 1_000 == 0 && store.getBufferedSize() >= ROW_GROUP_BYTES) {
                flushGroup();
                startGroup();
            }
        }

        private static boolean startsLikeANumber(String value) {
            if (value.isEmpty()) {
                return false;
            }
            char first = value.charAt(0);
            return first >= '0' && first <= '9' || first == '-' || first == '+' || first == '.';
        }

        private void flushGroup() throws IOException {
            if (rowsInGroup > 0) {
                file.startBlock(rowsInGroup);
                store.flush();
                pages.flushToFileWriter(file);
                file.endBlock();
            }
            store.close();
            pages.close();
        }

        @Override
        public void close() throws IOException {
            flushGroup();
            file.end(Map.of());
        }
    }
}
