package dev.airlock.synth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** A trained model: it can be written, read back, and sampled. */
public interface SynthModel {

    /** @return the table's column names in order */
    List<String> columnNames();

    /** @return how many rows the model was trained on */
    long trainingRows();

    /**
     * Writes the model in its versioned, self-describing format; the same model always gives the same bytes.
     *
     * @param out where to write; not closed
     */
    void write(OutputStream out) throws IOException;

    /**
     * Writes synthetic rows with the training table's header.
     *
     * @param rows how many rows
     * @param seed the random seed; the same seed gives the same file
     * @param output a {@code .csv} or {@code .csv.gz} file
     * @param progress progress of the {@code sample} phase
     */
    void sample(long rows, long seed, Path output, ProgressListener progress) throws IOException;

    /**
     * Writes synthetic rows, redrawing rows that copy a training row beyond the guard's natural rate.
     *
     * @param rows how many rows
     * @param seed the random seed; the same seed gives the same file
     * @param output a {@code .csv} or {@code .csv.gz} file
     * @param progress progress of the {@code sample} phase
     * @param guard the copy guard built from the training table, or {@code null} for none
     */
    void sample(long rows, long seed, Path output, ProgressListener progress, CopyGuard guard) throws IOException;

    /**
     * Reads a model written by {@link #write} of this or an earlier version.
     *
     * @param in the model file
     * @return the model
     * @throws InvalidInputException when the stream is not a model or comes from a newer version
     */
    static SynthModel read(InputStream in) throws IOException {
        return BayesNetModel.read(in);
    }
}
