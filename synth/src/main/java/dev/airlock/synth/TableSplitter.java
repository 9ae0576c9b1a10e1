package dev.airlock.synth;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/** Splits a table at random into a training part and a holdout the synthesizer never sees, in one streaming pass. */
public final class TableSplitter {

    /** Tables with fewer rows are not split: a holdout that small measures nothing. */
    public static final int MIN_ROWS_TO_SPLIT = 20;

    private TableSplitter() {
    }

    /**
     * @param rowsTrain rows written to the training part
     * @param rowsHoldout rows written to the holdout
     */
    public record Split(long rowsTrain, long rowsHoldout) {

        /** @return whether both parts have rows and the table is large enough for the holdout to measure anything */
        public boolean measurable() {
            return rowsHoldout > 0 && rowsTrain > 0 && rowsTrain + rowsHoldout >= MIN_ROWS_TO_SPLIT;
        }
    }

    /**
     * @param table the source table (CSV or gzip-compressed CSV)
     * @param fraction the share of rows to hold out, in [0, 1)
     * @param seed the random seed; the same seed gives the same split
     * @param train where to write the training part (CSV)
     * @param holdout where to write the holdout (CSV)
     * @return how many rows each part got
     */
    public static Split split(Path table, double fraction, long seed, Path train, Path holdout) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new InvalidInputException("the holdout fraction must be at least 0 and below 1");
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long[] counts = new long[2];
        try (CsvWriter trainOut = writer(train); CsvWriter holdoutOut = writer(holdout)) {
            TableReader.read(table, (fields, line) -> {
                boolean held = random.nextDouble() < fraction;
                (held ? holdoutOut : trainOut).writeRecord(fields);
                counts[held ? 1 : 0]++;
            }, header -> {
                trainOut.writeRecord(header);
                holdoutOut.writeRecord(header);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Split(counts[0], counts[1]);
    }

    private static CsvWriter writer(Path file) throws IOException {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.LF)
                .build(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16));
    }
}
