package dev.airlock.synth;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * A tree-shaped Bayesian network over discretised columns (Chow-Liu): each column but the root is drawn given one
 * parent column, chosen to maximise mutual information. With no parents it is the independent-marginals baseline.
 * Numeric values are drawn uniformly within their bin, so synthetic numbers are not the training values.
 *
 * @param format always {@value #FORMAT}
 * @param version the model format version
 * @param synthesizer the synthesizer that trained it
 * @param trainingRows rows in the training table
 * @param k the privacy threshold it was trained with
 * @param columns the columns in table order
 * @param parents for each column the index of its parent, or -1
 * @param order the columns in sampling order (each parent before its children)
 * @param counts for each column, its joint counts with its parent as {@code [parentBin][bin]}, or {@code [[bin…]]}
 *        for a root
 */
record TreeModel(String format, int version, String synthesizer, long trainingRows, int k, List<ColumnModel> columns,
        int[] parents, int[] order, List<long[][]> counts) implements SynthModel {

    static final String FORMAT = "airlock-model";
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public List<String> columnNames() {
        return columns.stream().map(ColumnModel::name).toList();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        MAPPER.writeValue(out, this);
    }

    static TreeModel read(InputStream in) throws IOException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the file is not an Airlock model: it is not JSON");
        }
        if (tree == null || !FORMAT.equals(tree.path("format").asText())) {
            throw new InvalidInputException("the file is not an Airlock model: its format is not " + FORMAT);
        }
        int version = tree.path("version").asInt();
        if (version < 1 || version > VERSION) {
            throw new InvalidInputException(
                    "the model has format version " + version + "; this worker reads versions 1 to " + VERSION);
        }
        return MAPPER.treeToValue(tree, TreeModel.class);
    }

    @Override
    public void sample(long rows, long seed, Path output, ProgressListener progress) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<ColumnModel.Writer> writers = columns.stream().map(c -> c.new Writer()).toList();
        double[][][] cumulative = cumulative();
        boolean gzip = output.getFileName().toString().endsWith(".gz");
        try (OutputStream file = Files.newOutputStream(output);
                OutputStream out = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
                CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF)
                        .build(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16))) {
            csv.writeRecord(columnNames());
            int[] bins = new int[columns.size()];
            String[] values = new String[columns.size()];
            long step = Math.max(1, rows / 100);
            for (long row = 0; row < rows; row++) {
                for (int column : order) {
                    int parent = parents[column];
                    double[] distribution = cumulative[column][parent < 0 ? 0 : bins[parent]];
                    bins[column] = draw(distribution, random);
                }
                for (int column = 0; column < values.length; column++) {
                    values[column] = writers.get(column).value(bins[column], random);
                }
                csv.writeRecord(values);
                if (row % step == 0) {
                    progress.onProgress("sample", (double) row / rows);
                }
            }
        }
        progress.onProgress("sample", 1);
    }

    /**
     * The conditional distributions as cumulative sums. A parent bin seen rarely is smoothed towards the column's
     * marginal with one pseudo-row, so no conditional rests on a single training row.
     */
    private double[][][] cumulative() {
        double[][][] result = new double[columns.size()][][];
        for (int column = 0; column < columns.size(); column++) {
            long[][] joint = counts.get(column);
            int bins = columns.get(column).binCount();
            double[] marginal = new double[bins];
            long total = 0;
            for (long[] row : joint) {
                for (int b = 0; b < bins; b++) {
                    marginal[b] += row[b];
                    total += row[b];
                }
            }
            for (int b = 0; b < bins; b++) {
                marginal[b] = total == 0 ? 1.0 / bins : marginal[b] / total;
            }
            result[column] = new double[joint.length][];
            for (int p = 0; p < joint.length; p++) {
                double[] sums = new double[bins];
                double running = 0;
                for (int b = 0; b < bins; b++) {
                    running += joint[p][b] + marginal[b];
                    sums[b] = running;
                }
                for (int b = 0; b < bins; b++) {
                    sums[b] /= running;
                }
                result[column][p] = sums;
            }
        }
        return result;
    }

    private static int draw(double[] cumulative, SplittableRandom random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > u) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    static List<long[][]> emptyCounts(List<ColumnModel> columns, int[] parents) {
        List<long[][]> counts = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            int parentBins = parents[c] < 0 ? 1 : columns.get(parents[c]).binCount();
            counts.add(new long[parentBins][columns.get(c).binCount()]);
        }
        return counts;
    }
}
