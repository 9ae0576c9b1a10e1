package dev.airlock.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.store.ObjectStore;
import dev.airlock.common.testing.S3ProxyServer;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.ProgressListener;
import dev.airlock.synth.SynthConfig;
import dev.airlock.synth.SynthModel;
import dev.airlock.synth.Synthesizer;
import dev.airlock.synth.testing.ParquetFixtures;

/** An S3 data source named by a prefix: its parts joined into one table, read from a real S3 server. */
class TablePartsTest {

    private static final String BUCKET = "zone-lake";
    private static S3ProxyServer s3;

    @TempDir
    Path scratch;

    @BeforeAll
    static void startStore() throws Exception {
        s3 = S3ProxyServer.start();
        ObjectStore store = new ObjectStore(s3.settings());
        store.ensureBucket(BUCKET);
        store.put(BUCKET, "orders/part-0001.csv.gz", gzip("id,city\n1,Oslo\n2,\"Bergen, Vestland\"\n"),
                "application/gzip");
        store.put(BUCKET, "orders/part-0002.csv", bytes("\uFEFFid,city\n3,Tromsø\n"), "text/csv");
        store.put(BUCKET, "orders/_SUCCESS", new byte[0], "application/octet-stream");
        store.put(BUCKET, "mixed/part-1.csv", bytes("id,city\n1,Oslo\n"), "text/csv");
        store.put(BUCKET, "mixed/part-2.csv", bytes("id,town\n2,Bergen\n"), "text/csv");
        store.put(BUCKET, "events/a.jsonl", bytes("{\"id\":1}\n{\"id\":2}\n"), "application/x-ndjson");
        store.put(BUCKET, "events/b.jsonl", gzip("{\"id\":3}\n"), "application/gzip");
        MessageType idCity = Types.buildMessage().optional(PrimitiveTypeName.INT64).named("id")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("city")
                .named("spark_schema");
        MessageType idTown = Types.buildMessage().optional(PrimitiveTypeName.INT64).named("id")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("town")
                .named("spark_schema");
        store.put(BUCKET, "lake/part-00000.snappy.parquet", parquet(idCity, CompressionCodecName.SNAPPY,
                new Object[] { 1L, "Oslo" }, new Object[] { 2L, null }), "application/octet-stream");
        store.put(BUCKET, "lake/part-00001.zstd.parquet", parquet(idCity, CompressionCodecName.ZSTD,
                new Object[] { 3L, "Tromsø" }), "application/octet-stream");
        store.put(BUCKET, "lake/_SUCCESS", new byte[0], "application/octet-stream");
        store.put(BUCKET, "lake-renamed/part-1.parquet", parquet(idCity, CompressionCodecName.SNAPPY,
                new Object[] { 1L, "Oslo" }), "application/octet-stream");
        store.put(BUCKET, "lake-renamed/part-2.parquet", parquet(idTown, CompressionCodecName.SNAPPY,
                new Object[] { 2L, "Bergen" }), "application/octet-stream");
        store.put(BUCKET, "lake-mixed/part-1.parquet", parquet(idCity, CompressionCodecName.SNAPPY,
                new Object[] { 1L, "Oslo" }), "application/octet-stream");
        store.put(BUCKET, "lake-mixed/part-2.csv", bytes("id,city\n2,Bergen\n"), "text/csv");
        byte[] whole = parquet(idCity, CompressionCodecName.SNAPPY, new Object[] { 1L, "Oslo" });
        store.put(BUCKET, "lake-damaged/part-1.parquet", whole, "application/octet-stream");
        store.put(BUCKET, "lake-damaged/part-2.parquet", java.util.Arrays.copyOf(whole, whole.length - 8),
                "application/octet-stream");
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    @Test
    void csvPartsUnderAPrefixBecomeOneTableInKeyOrder() throws Exception {
        // Given
        SourceTable source = source("orders/");

        // When
        Path table = source.fetch(scratch);

        // Then
        assertThat(Files.readString(table)).isEqualTo("id,city\n1,Oslo\n2,\"Bergen, Vestland\"\n3,Tromsø\n");
    }

    @Test
    void jsonLinesPartsAreJoinedToo() throws Exception {
        // When
        Path table = source("events/").fetch(scratch);

        // Then
        assertThat(table.getFileName().toString()).isEqualTo("source.jsonl");
        assertThat(Files.readString(table)).isEqualTo("{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
    }

    @Test
    void partsWithOtherColumnsOrNoPartsAreRefusedByName() {
        // When / Then
        assertThatThrownBy(() -> source("mixed/").fetch(scratch)).isInstanceOf(InvalidInputException.class)
                .hasMessage("part 2 of 2 under the data source's prefix has other columns than the first part");
        assertThatThrownBy(() -> source("nothing/").fetch(scratch)).isInstanceOf(InvalidInputException.class)
                .hasMessage("the data source's table does not exist in the source bucket");
    }

    @Test
    void parquetPartsAreJoinedIntoOneParquetTable() throws Exception {
        // When
        Path table = source("lake/").fetch(scratch);

        // Then
        assertThat(table.getFileName().toString()).isEqualTo("source.parquet");
        SynthModel model = Synthesizer.train(table, SynthConfig.defaults(), 1, ProgressListener.NONE);
        assertThat(model.columnNames()).containsExactly("id", "city");
        assertThat(model.trainingRows()).isEqualTo(3);
        assertThat(scratch.resolve("parts")).isEmptyDirectory();
    }

    @Test
    void parquetPartsWithOtherColumnsMixedWithCsvOrDamagedAreRefusedByName() {
        // When / Then
        assertThatThrownBy(() -> source("lake-renamed/").fetch(scratch.resolve("renamed")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("part 2 of 2 under the data source's prefix has other columns (or column types) than the "
                        + "first part");
        assertThatThrownBy(() -> source("lake-mixed/").fetch(scratch.resolve("mixed")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the parts under the data source's prefix mix Parquet with CSV or JSON Lines (part 2 of 2)");
        assertThatThrownBy(() -> source("lake-damaged/").fetch(scratch.resolve("damaged")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("part 2 of 2 under the data source's prefix is a damaged Parquet file");
    }

    private static byte[] parquet(MessageType schema, CompressionCodecName codec, Object[]... rows) throws Exception {
        Path file = Files.createTempFile("part", ".parquet");
        try {
            ParquetFixtures.write(file, schema, List.of(rows), codec);
            return Files.readAllBytes(file);
        } finally {
            Files.delete(file);
        }
    }

    private static SourceTable source(String prefix) {
        return SourceTable.fromEnvironment(Map.of(
                WorkerEnvironment.SOURCE_KIND, "s3",
                WorkerEnvironment.SOURCE_BUCKET, BUCKET,
                WorkerEnvironment.SOURCE_KEY, prefix,
                WorkerEnvironment.SOURCE_ENDPOINT, s3.endpoint(),
                WorkerEnvironment.SOURCE_ACCESS_KEY, s3.settings().accessKey(),
                WorkerEnvironment.SOURCE_SECRET_KEY, s3.settings().secretKey()), s3.settings());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes(text));
        }
        return out.toByteArray();
    }
}
