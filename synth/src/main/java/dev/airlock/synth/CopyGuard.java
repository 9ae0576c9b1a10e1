package dev.airlock.synth;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Keeps a synthetic table from repeating training rows more often than a fresh sample of the population would: it
 * holds 64-bit hashes of the training rows (8 bytes a row, never the rows), measures the natural rate on the holdout,
 * and lets the sampler redraw any row that equals a training row once that many copies have been written.
 */
public final class CopyGuard {

    private final long[] trainingHashes;
    private final double naturalRate;
    private long allowed;
    private long redrawn;

    private CopyGuard(long[] trainingHashes, double naturalRate) {
        this.trainingHashes = trainingHashes;
        this.naturalRate = naturalRate;
    }

    /**
     * @param train the training table
     * @param holdout the holdout, or {@code null} to allow no copies at all
     * @return a guard for one sampling run
     */
    public static CopyGuard of(Path train, Path holdout) {
        long[][] hashes = { new long[1024] };
        int[] size = { 0 };
        TableReader.read(train, (fields, line) -> {
            if (size[0] == hashes[0].length) {
                hashes[0] = Arrays.copyOf(hashes[0], size[0] * 2);
            }
            hashes[0][size[0]++] = hash(fields);
        }, header -> {
        });
        long[] sorted = Arrays.copyOf(hashes[0], size[0]);
        Arrays.sort(sorted);
        double natural = 0;
        if (holdout != null) {
            long[] counts = new long[2];
            TableReader.read(holdout, (fields, line) -> {
                counts[0]++;
                if (Arrays.binarySearch(sorted, hash(fields)) >= 0) {
                    counts[1]++;
                }
            }, header -> {
            });
            natural = counts[0] == 0 ? 0 : (double) counts[1] / counts[0];
        }
        return new CopyGuard(sorted, natural);
    }

    /**
     * @param table a table with the training table's columns
     * @return the share of its rows equal to a training row, over every row
     */
    public double copyRate(Path table) {
        long[] counts = new long[2];
        TableReader.read(table, (fields, line) -> {
            counts[0]++;
            if (Arrays.binarySearch(trainingHashes, hash(fields)) >= 0) {
                counts[1]++;
            }
        }, header -> {
        });
        return counts[0] == 0 ? 0 : (double) counts[1] / counts[0];
    }

    /**
     * @param config the model configuration
     * @param train the training table
     * @param holdout the holdout, or {@code null} to allow no copies at all
     * @return the guard for sampling a model trained with this configuration, or {@code null} under differential
     *         privacy, where redrawing by looking at training rows would void the guarantee
     */
    public static CopyGuard forTraining(SynthConfig config, Path train, Path holdout) {
        return config.epsilon() != null ? null : of(train, holdout);
    }

    /** @return the share of holdout rows found in the training table */
    public double naturalRate() {
        return naturalRate;
    }

    /** @return how many drawn rows were redrawn because they copied a training row */
    public long redrawn() {
        return redrawn;
    }

    void start(long rows) {
        allowed = (long) Math.floor(naturalRate * rows);
        redrawn = 0;
    }

    /** @return whether the row equals a training row (by its 64-bit hash, over every training row) */
    boolean copies(String[] row) {
        return Arrays.binarySearch(trainingHashes, hash(row)) >= 0;
    }

    /** @return whether the row may be written; a copy beyond the natural budget must be redrawn */
    boolean accept(String[] row) {
        if (!copies(row)) {
            return true;
        }
        if (allowed > 0) {
            allowed--;
            return true;
        }
        redrawn++;
        return false;
    }

    static long hash(String[] fields) {
        long h = 0xcbf29ce484222325L;
        for (String field : fields) {
            for (int i = 0; i < field.length(); i++) {
                h = (h ^ field.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0x1f) * 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }
}
