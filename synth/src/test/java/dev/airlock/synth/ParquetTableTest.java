package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.airlock.synth.testing.ParquetFixtures;

/** Parquet in and out: read by content, typed on the way out, and never a value in an error. */
class ParquetTableTest {

    private static final Path DATA = Path.of("../data");

    /** One column of every supported physical and logical type. */
    private static final MessageType EVERY_TYPE = Types.buildMessage()
            .optional(PrimitiveTypeName.BOOLEAN).named("flag")
            .optional(PrimitiveTypeName.INT32).named("int32")
            .optional(PrimitiveTypeName.INT64).named("int64")
            .optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, false)).named("uint32")
            .optional(PrimitiveTypeName.FLOAT).named("float")
            .optional(PrimitiveTypeName.DOUBLE).named("double")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("string")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.enumType()).named("enum")
            .optional(PrimitiveTypeName.BINARY).named("plain binary")
            .optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("date")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
            .named("ts millis utc")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS))
            .named("ts micros local")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(false, TimeUnit.NANOS))
            .named("ts nanos local")
            .optional(PrimitiveTypeName.INT96).named("ts int96")
            .optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.decimalType(2, 9)).named("dec32")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(3, 18)).named("dec64")
            .optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16)
            .as(LogicalTypeAnnotation.decimalType(4, 38)).named("dec fixed")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS))
            .named("time")
            .named("every_type");

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = { "UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "LZ4_RAW" })
    void everySupportedTypeIsReadAsTextAndNullsAsMissing(CompressionCodecName codec, @TempDir Path dir)
            throws IOException {
        // Given
        Path file = dir.resolve("types.bin"); // recognised by content, not by name
        Object[] values = { true, -42, 9_000_000_000L, -1, 1.5f, 12345678.25, "Tromsø", "RED",
                "plain".getBytes(java.nio.charset.StandardCharsets.UTF_8), 19_797, 1_710_491_400_123L,
                1_710_491_400_000_000L, 1_710_491_400_000_000_001L, int96(19_797, 30_600_000_000_000L), -12_345,
                1_234_567L, fixed16(new BigInteger("-123456789"), 16), 30_600_000_001L };
        Object[] nulls = new Object[values.length];
        ParquetFixtures.write(file, EVERY_TYPE, List.of(values, nulls), codec);

        // When
        List<String[]> rows = new ArrayList<>();
        List<String> header = TableReader.read(file, (fields, line) -> rows.add(fields), h -> {
        });

        // Then
        assertThat(header).containsExactly("flag", "int32", "int64", "uint32", "float", "double", "string", "enum",
                "plain binary", "date", "ts millis utc", "ts micros local", "ts nanos local", "ts int96", "dec32",
                "dec64", "dec fixed", "time");
        assertThat(rows.get(0)).containsExactly("true", "-42", "9000000000", "4294967295", "1.5", "12345678.25",
                "Tromsø", "RED", "plain", "2024-03-15", "2024-03-15T08:30:00.123Z", "2024-03-15T08:30:00",
                "2024-03-15T08:30:00.000000001", "2024-03-15T08:30:00Z", "-123.45", "1234.567", "-12345.6789",
                "08:30:00.000001");
        assertThat(rows.get(1)).containsOnly("");
    }

    @Test
    void requiredColumnsAreReadLikeOptionalOnes(@TempDir Path dir) throws IOException {
        // Given: Spark writes non-nullable columns as REQUIRED
        MessageType schema = Types.buildMessage().required(PrimitiveTypeName.INT64).named("id")
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("city")
                .optional(PrimitiveTypeName.DOUBLE).named("score").named("spark_schema");
        Path file = dir.resolve("required.parquet");
        ParquetFixtures.write(file, schema, List.of(new Object[] { 1L, "Oslo", null }, new Object[] { 2L, "Bergen",
                0.5 }), CompressionCodecName.SNAPPY);

        // When
        List<String[]> rows = new ArrayList<>();
        TableReader.read(file, (fields, line) -> rows.add(fields), h -> {
        });

        // Then
        assertThat(rows).containsExactly(new String[] { "1", "Oslo", "" }, new String[] { "2", "Bergen", "0.5" });
    }

    @Test
    void floatsAndDoublesAreWrittenInPlainNotation() {
        assertThat(ParquetTable.decimal(Double.toString(1e7))).isEqualTo("10000000.0");
        assertThat(ParquetTable.decimal(Double.toString(0.0001))).isEqualTo("0.0001");
        assertThat(ParquetTable.decimal(Double.toString(-2.5e-5))).isEqualTo("-0.000025");
        assertThat(ParquetTable.decimal(Double.toString(3.25))).isEqualTo("3.25");
    }

    @Test
    void utcTimestampsAreModelledAsDatetimes(@TempDir Path dir) throws IOException {
        // Given: a timestamp column adjusted to UTC, read as ISO-8601 with a Z
        MessageType schema = Types.buildMessage().optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS)).named("at").named("t");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(new Object[] { 1_700_000_000_000L + i * 3_600_000L });
        }
        Path file = dir.resolve("at.parquet");
        ParquetFixtures.write(file, schema, rows, CompressionCodecName.SNAPPY);

        // When
        SynthModel model = Synthesizer.train(file, SynthConfig.defaults(), 1, ProgressListener.NONE);
        model.sample(50, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        assertThat(Files.readAllLines(dir.resolve("out.csv")).subList(1, 51))
                .allSatisfy(v -> assertThat(v).matches("2023-1[12]-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
    }

    @Test
    void aNestedColumnIsRejectedByName(@TempDir Path dir) throws IOException {
        // Given
        MessageType schema = Types.buildMessage().optional(PrimitiveTypeName.INT64).named("id")
                .optionalGroup().optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .named("street").named("address")
                .named("nested");
        Path file = dir.resolve("nested.parquet");
        ParquetFixtures.write(file, schema, List.of(), CompressionCodecName.SNAPPY);

        // When / Then
        assertThatThrownBy(() -> TableReader.read(file, (f, l) -> {
        }, h -> {
        })).isInstanceOf(InvalidInputException.class).hasMessageContaining("column address is nested");
    }

    @Test
    void aRepeatedColumnIsRejectedByName(@TempDir Path dir) throws IOException {
        // Given
        MessageType schema = Types.buildMessage().optional(PrimitiveTypeName.INT64).named("id")
                .repeated(PrimitiveTypeName.INT32).named("scores").named("repeated");
        Path file = dir.resolve("repeated.parquet");
        ParquetFixtures.write(file, schema, List.of(), CompressionCodecName.SNAPPY);

        // When / Then
        assertThatThrownBy(() -> TableReader.read(file, (f, l) -> {
        }, h -> {
        })).isInstanceOf(InvalidInputException.class).hasMessageContaining("column scores is repeated");
    }

    @Test
    void aTruncatedFileIsRejectedAsDamagedParquet(@TempDir Path dir) throws IOException {
        // Given
        Path whole = dir.resolve("penguins.parquet");
        ParquetFixtures.fromCsv(DATA.resolve("penguins.csv"), whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));

        // When / Then
        assertThatThrownBy(() -> Synthesizer.train(truncated, SynthConfig.defaults(), 1, ProgressListener.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the table is a damaged Parquet file: it is truncated (no footer)");
    }

    @ParameterizedTest
    @ValueSource(ints = { 40, 400 })
    void corruptPagesAreRejectedAsDamagedParquetWithoutAValue(int offset, @TempDir Path dir) throws IOException {
        // Given: bytes inside the column chunks overwritten, the footer intact
        Path file = dir.resolve("penguins.parquet");
        ParquetFixtures.fromCsv(DATA.resolve("penguins.csv"), file);
        byte[] bytes = Files.readAllBytes(file);
        Arrays.fill(bytes, offset, offset + 64, (byte) 0x7f);
        Files.write(file, bytes);

        // When / Then
        assertThatThrownBy(() -> TableReader.read(file, (f, l) -> {
        }, h -> {
        })).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("the table is a damaged Parquet file")
                .hasNoCause();
    }

    @ParameterizedTest
    @ValueSource(strings = { "penguins.csv", "seattle-weather.csv", "birdstrikes.csv" })
    void aSampleTableGivenAsParquetTrainsAndSamplesToParquet(String table, @TempDir Path dir) throws IOException {
        // Given
        Path source = dir.resolve("source.parquet");
        ParquetFixtures.fromCsv(DATA.resolve(table), source);
        SynthModel fromCsv = Synthesizer.train(DATA.resolve(table), SynthConfig.defaults(), 4, ProgressListener.NONE);

        // When
        SynthModel model = Synthesizer.train(source, SynthConfig.defaults(), 4, ProgressListener.NONE);
        model.sample(1000, 7, dir.resolve("out.parquet"), ProgressListener.NONE);

        // Then
        assertThat(model.columnNames()).isEqualTo(fromCsv.columnNames());
        assertThat(model.trainingRows()).isEqualTo(fromCsv.trainingRows());
        List<String[]> rows = new ArrayList<>();
        List<String> header = TableReader.read(dir.resolve("out.parquet"), (f, l) -> rows.add(f), h -> {
        });
        assertThat(header).isEqualTo(model.columnNames());
        assertThat(rows).hasSize(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = { "penguins.csv", "seattle-weather.csv", "birdstrikes.csv" })
    void aSampleWrittenAsParquetReadsBackAsTheSameValuesAsCsv(String table, @TempDir Path dir) throws IOException {
        // Given
        SynthModel model = Synthesizer.train(DATA.resolve(table), SynthConfig.defaults(), 1, ProgressListener.NONE);
        BayesNetModel net = (BayesNetModel) model;
        model.sample(2000, 3, dir.resolve("out.csv"), ProgressListener.NONE);

        // When
        model.sample(2000, 3, dir.resolve("out.parquet"), ProgressListener.NONE);

        // Then: the same rows; missing values are null (read as empty), decimals the same numbers
        List<String[]> csv = new ArrayList<>();
        List<String[]> parquet = new ArrayList<>();
        TableReader.read(dir.resolve("out.csv"), (f, l) -> csv.add(f), h -> {
        });
        TableReader.read(dir.resolve("out.parquet"), (f, l) -> parquet.add(f), h -> {
        });
        assertThat(parquet).hasSameSizeAs(csv);
        List<ColumnModel> columns = net.columns();
        for (int r = 0; r < csv.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                ColumnModel column = columns.get(c);
                String expected = csv.get(r)[c];
                String actual = parquet.get(r)[c];
                if (expected.equals(column.missingToken())) {
                    assertThat(actual).as(column.name()).isEmpty();
                } else if (column.type() == ColumnType.DECIMAL) {
                    assertThat(Double.parseDouble(actual)).as(column.name()).isEqualTo(Double.parseDouble(expected));
                } else {
                    assertThat(actual).as(column.name()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void theSameSeedWritesTheSameBytes(@TempDir Path dir) throws IOException {
        // Given
        SynthModel model = Synthesizer.train(DATA.resolve("birdstrikes.csv"), SynthConfig.defaults(), 1,
                ProgressListener.NONE);

        // When
        model.sample(5000, 11, dir.resolve("a.parquet"), ProgressListener.NONE);
        model.sample(5000, 11, dir.resolve("b.parquet"), ProgressListener.NONE);
        model.sample(5000, 12, dir.resolve("c.parquet"), ProgressListener.NONE);

        // Then
        assertThat(Files.mismatch(dir.resolve("a.parquet"), dir.resolve("b.parquet"))).isEqualTo(-1);
        assertThat(Files.mismatch(dir.resolve("a.parquet"), dir.resolve("c.parquet"))).isNotEqualTo(-1);
    }

    @Test
    void columnsAreTypedByTheirModel(@TempDir Path dir) throws IOException {
        // Given
        SynthModel model = Synthesizer.train(DATA.resolve("seattle-weather.csv"), SynthConfig.defaults(), 1,
                ProgressListener.NONE);

        // When
        model.sample(100, 1, dir.resolve("out.parquet"), ProgressListener.NONE);

        // Then
        try (var reader = ParquetTable.open(dir.resolve("out.parquet"))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(schema.getType("date").asPrimitiveType().getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.stringType());
            assertThat(schema.getType("precipitation").asPrimitiveType().getPrimitiveTypeName())
                    .isEqualTo(PrimitiveTypeName.DOUBLE);
            assertThat(schema.getType("weather").asPrimitiveType().getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.stringType());
            assertThat(schema.getFields()).allSatisfy(f -> assertThat(f.getRepetition())
                    .isEqualTo(org.apache.parquet.schema.Type.Repetition.OPTIONAL));
            assertThat(reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec())
                    .isEqualTo(CompressionCodecName.SNAPPY);
        }
    }

    private static byte[] int96(int epochDay, long nanosOfDay) {
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(nanosOfDay).putInt(epochDay + 2_440_588)
                .array();
    }

    private static byte[] fixed16(BigInteger unscaled, int length) {
        byte[] bytes = unscaled.toByteArray();
        byte[] fixed = new byte[length];
        Arrays.fill(fixed, unscaled.signum() < 0 ? (byte) 0xff : 0);
        System.arraycopy(bytes, 0, fixed, length - bytes.length, bytes.length);
        return fixed;
    }
}
