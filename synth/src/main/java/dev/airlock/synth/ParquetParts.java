package dev.airlock.synth;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Joins Parquet parts of one table (as Spark or Hive writes them under a prefix) into one Parquet file by copying their
 * row groups as they are, without decoding them: memory stays that of one footer. Every part must have the first
 * part's columns, with the same names, types and order.
 */
public final class ParquetParts implements Closeable {

    private final Path target;
    private ParquetFileWriter writer;
    private MessageType schema;

    /** @param target the joined file, created or replaced when the first part is appended */
    public ParquetParts(Path target) {
        this.target = target;
    }

    /**
     * @param file a file
     * @return whether it starts with Parquet's magic number
     */
    public static boolean isParquet(Path file) throws IOException {
        return ParquetTable.isParquet(file);
    }

    /**
     * Appends one part's row groups.
     *
     * @param part the part, a Parquet file
     * @param number its 1-based number, for error messages
     * @param parts how many parts there are, for error messages
     * @throws InvalidInputException when the part is damaged or has other columns than the first
     */
    public void append(Path part, int number, int parts) throws IOException {
        String which = "part " + number + " of " + parts + " under the data source's prefix";
        ParquetFileReader reader;
        try {
            reader = ParquetTable.open(part);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(which + " is a damaged Parquet file");
        }
        try (reader) {
            MessageType partSchema = reader.getFooter().getFileMetaData().getSchema();
            if (writer == null) {
                schema = partSchema;
                ParquetProperties properties = ParquetProperties.builder().build();
                writer = new ParquetFileWriter(new LocalOutputFile(target), schema, ParquetFileWriter.Mode.OVERWRITE,
                        ParquetTable.ROW_GROUP_BYTES, 0, properties.getColumnIndexTruncateLength(),
                        properties.getStatisticsTruncateLength(), properties.getPageWriteChecksumEnabled());
                writer.start();
            } else if (!schema.equals(partSchema)) {
                throw new InvalidInputException(which + " has other columns (or column types) than the first part");
            }
            try (SeekableInputStream in = new org.apache.parquet.io.LocalInputFile(part).newStream()) {
                writer.appendRowGroups(in, reader.getFooter().getBlocks(), false);
            } catch (RuntimeException e) {
                throw new InvalidInputException(which + " is a damaged Parquet file");
            }
        }
    }

    /** Writes the joined file's footer. */
    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.end(Map.of());
        }
    }
}
