package dev.airlock.synth.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.airlift.compress.Compressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;

/**
 * Writes Parquet test tables with parquet-mr itself, so no binary fixture is committed: any flat schema, values given
 * as Java objects (null for a null), pages compressed with any codec the reader supports.
 */
public final class ParquetFixtures {

    private static final Set<String> MISSING = Set.of("", "NA", "N/A", "null", "NULL");

    private ParquetFixtures() {
    }

    /**
     * @param file where to write
     * @param schema the columns; groups are written only when there are no rows
     * @param rows one value per primitive column: Boolean, Integer, Long, Float, Double, String or byte[] (binary and
     *        fixed-length values), or null
     * @param codec the page compression
     */
    public static void write(Path file, MessageType schema, List<Object[]> rows, CompressionCodecName codec)
            throws IOException {
        ParquetProperties properties = ParquetProperties.builder().build();
        ParquetFileWriter writer = new ParquetFileWriter(new LocalOutputFile(file), schema,
                ParquetFileWriter.Mode.OVERWRITE, 1 << 20, 0, properties.getColumnIndexTruncateLength(),
                properties.getStatisticsTruncateLength(), true);
        writer.start();
        if (!rows.isEmpty()) {
            ColumnChunkPageWriteStore pages = new ColumnChunkPageWriteStore(compressor(codec), schema,
                    properties.getAllocator(), properties.getColumnIndexTruncateLength(), true);
            ColumnWriteStore store = properties.newColumnWriteStore(schema, pages, pages);
            List<ColumnDescriptor> columns = schema.getColumns();
            for (Object[] row : rows) {
                for (int c = 0; c < columns.size(); c++) {
                    ColumnWriter column = store.getColumnWriter(columns.get(c));
                    Object value = row[c];
                    int defined = columns.get(c).getMaxDefinitionLevel();
                    if (value == null) {
                        column.writeNull(0, 0);
                    } else if (value instanceof Boolean b) {
                        column.write(b, 0, defined);
                    } else if (value instanceof Integer i) {
                        column.write(i, 0, defined);
                    } else if (value instanceof Long l) {
                        column.write(l, 0, defined);
                    } else if (value instanceof Float f) {
                        column.write(f, 0, defined);
                    } else if (value instanceof Double d) {
                        column.write(d, 0, defined);
                    } else if (value instanceof String s) {
                        column.write(Binary.fromString(s), 0, defined);
                    } else {
                        column.write(Binary.fromConstantByteArray((byte[]) value), 0, defined);
                    }
                }
                store.endRecord();
            }
            writer.startBlock(rows.size());
            store.flush();
            pages.flushToFileWriter(writer);
            writer.endBlock();
            store.close();
            pages.close();
        }
        writer.end(Map.of());
    }

    /**
     * Converts a CSV table to Parquet as a data warehouse would type it: a column whose present values are all whole
     * numbers becomes INT64, all numbers DOUBLE, all ISO dates DATE, otherwise STRING; empty and NA values are null.
     */
    public static void fromCsv(Path csv, Path parquet) throws IOException {
        List<String> header;
        List<String[]> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(csv);
                CsvReader<CsvRecord> records = CsvReader.builder()
                        .ofCsvRecord(reader)) {
            var iterator = records.iterator();
            header = iterator.next().getFields();
            iterator.forEachRemaining(r -> rows.add(r.getFields().toArray(String[]::new)));
        }
        Types.MessageTypeBuilder builder = Types.buildMessage();
        char[] kinds = new char[header.size()];
        for (int c = 0; c < kinds.length; c++) {
            int column = c;
            List<String> present = rows.stream().map(r -> r[column]).filter(v -> !MISSING.contains(v)).toList();
            kinds[c] = present.stream().allMatch(v -> v.matches("-?[0-9]{1,18}")) ? 'l'
                    : present.stream().allMatch(v -> v.matches("-?[0-9]+(\\.[0-9]+)?")) ? 'd'
                            : present.stream().allMatch(v -> v.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) ? 't' : 's';
            builder.addField(switch (kinds[c]) {
                case 'l' -> Types.optional(PrimitiveTypeName.INT64).named(header.get(c));
                case 'd' -> Types.optional(PrimitiveTypeName.DOUBLE).named(header.get(c));
                case 't' -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType())
                        .named(header.get(c));
                default -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(header.get(c));
            });
        }
        List<Object[]> values = new ArrayList<>();
        for (String[] row : rows) {
            Object[] typed = new Object[row.length];
            for (int c = 0; c < row.length; c++) {
                String v = row[c];
                typed[c] = MISSING.contains(v) ? null : switch (kinds[c]) {
                    case 'l' -> Long.parseLong(v);
                    case 'd' -> Double.parseDouble(v);
                    case 't' -> (int) java.time.LocalDate.parse(v).toEpochDay();
                    default -> v;
                };
            }
            values.add(typed);
        }
        write(parquet, builder.named("table"), values, CompressionCodecName.SNAPPY);
    }

    private static BytesInputCompressor compressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> block(codec, null);
            case SNAPPY -> block(codec, new SnappyCompressor());
            case ZSTD -> block(codec, new ZstdCompressor());
            case LZ4_RAW -> block(codec, new Lz4Compressor());
            case GZIP -> new Gzip();
            default -> throw new IllegalArgumentException(codec.name());
        };
    }

    private static BytesInputCompressor block(CompressionCodecName codec, Compressor compressor) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                if (compressor == null) {
                    return BytesInput.copy(bytes);
                }
                byte[] input = bytes.toByteArray();
                byte[] output = new byte[compressor.maxCompressedLength(input.length)];
                int length = compressor.compress(input, 0, input.length, output, 0, output.length);
                return BytesInput.from(java.util.Arrays.copyOf(output, length));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    private static final class Gzip implements BytesInputCompressor {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                bytes.writeAllTo(gzip);
            }
            return BytesInput.from(out.toByteArray());
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.GZIP;
        }

        @Override
        public void release() {
        }
    }
}
