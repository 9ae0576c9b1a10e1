package dev.airlock.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a {@link SynthModel} on a table in three streaming passes: profile the columns, count coarse pairs to choose
 * the tree, count the chosen parent-child pairs. Memory grows with the model, not with the row count.
 */
public final class Synthesizer {

    /** Columns are coarsened to this many bins when measuring how strongly they depend on each other. */
    static final int COARSE_BINS = 64;
    /** A parent-child table may have at most this many cells; larger pairs are not linked. */
    static final long MAX_TABLE_CELLS = 1_000_000;

    private Synthesizer() {
    }

    /**
     * @param table a CSV or gzip-compressed CSV file with a header
     * @param config the model configuration
     * @param seed the random seed; the same table, configuration and seed give the same model bytes
     * @param progress receives phases {@code profile}, {@code fit}
     * @return the model
     * @throws InvalidInputException when the table or configuration cannot be used, naming row and column
     */
    public static SynthModel train(Path table, SynthConfig config, long seed, ProgressListener progress) {
        progress.onProgress("profile", 0);
        List<ColumnProfile> profiles = new ArrayList<>();
        long[] rows = new long[1];
        TableReader.read(table, (fields, line) -> {
            for (int i = 0; i < fields.length; i++) {
                profiles.get(i).accept(fields[i], line);
            }
            rows[0]++;
        }, header -> {
            config.validateAgainst(header);
            for (int i = 0; i < header.size(); i++) {
                profiles.add(new ColumnProfile(header.get(i), config.columns().get(header.get(i)), seed * 31 + i));
            }
        });
        progress.onProgress("profile", 1);

        List<ColumnModel> columns = new ArrayList<>();
        for (ColumnProfile profile : profiles) {
            columns.add(ColumnModel.of(profile, profile.resolveType(), config.k(), config.maxBins()));
        }
        int[] parents = new int[columns.size()];
        Arrays.fill(parents, -1);
        if (SynthConfig.DEFAULT.equals(config.synthesizer()) && columns.size() > 1) {
            parents = chooseTree(table, columns);
        }
        progress.onProgress("fit", 0.5);
        List<long[][]> counts = TreeModel.emptyCounts(columns, parents);
        int[] finalParents = parents;
        List<ColumnModel.Binner> binners = columns.stream().map(c -> c.new Binner()).toList();
        int[] bins = new int[columns.size()];
        TableReader.read(table, (fields, line) -> {
            for (int c = 0; c < fields.length; c++) {
                bins[c] = binners.get(c).bin(fields[c]);
            }
            for (int c = 0; c < fields.length; c++) {
                counts.get(c)[finalParents[c] < 0 ? 0 : bins[finalParents[c]]][bins[c]]++;
            }
        }, header -> {
        });
        progress.onProgress("fit", 1);
        return new TreeModel(TreeModel.FORMAT, TreeModel.VERSION, config.synthesizer(), rows[0], config.k(), columns,
                parents, samplingOrder(parents), counts);
    }

    /** Chow-Liu: a maximum spanning forest over the columns weighted by mutual information. */
    private static int[] chooseTree(Path table, List<ColumnModel> columns) {
        int n = columns.size();
        int[] coarse = columns.stream().mapToInt(c -> Math.min(COARSE_BINS, c.binCount())).toArray();
        long[][][] pairs = new long[n][n][];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                pairs[i][j] = new long[coarse[i] * coarse[j]];
            }
        }
        List<ColumnModel.Binner> binners = columns.stream().map(c -> c.new Binner()).toList();
        int[] bins = new int[n];
        long[] total = new long[1];
        TableReader.read(table, (fields, line) -> {
            for (int c = 0; c < n; c++) {
                bins[c] = Math.min(coarse[c] - 1, binners.get(c).bin(fields[c]));
            }
            for (int i = 0; i < n; i++) {
                long[][] row = pairs[i];
                for (int j = i + 1; j < n; j++) {
                    row[j][bins[i] * coarse[j] + bins[j]]++;
                }
            }
            total[0]++;
        }, header -> {
        });
        double[][] information = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                long cells = (long) columns.get(i).binCount() * columns.get(j).binCount();
                double mi = cells > MAX_TABLE_CELLS ? -1 : mutualInformation(pairs[i][j], coarse[i], coarse[j], total[0]);
                information[i][j] = mi;
                information[j][i] = mi;
            }
        }
        return maximumSpanningForest(information);
    }

    static double mutualInformation(long[] joint, int rowsCount, int columnsCount, long total) {
        double[] rowSums = new double[rowsCount];
        double[] columnSums = new double[columnsCount];
        for (int a = 0; a < rowsCount; a++) {
            for (int b = 0; b < columnsCount; b++) {
                rowSums[a] += joint[a * columnsCount + b];
                columnSums[b] += joint[a * columnsCount + b];
            }
        }
        double mi = 0;
        for (int a = 0; a < rowsCount; a++) {
            for (int b = 0; b < columnsCount; b++) {
                long count = joint[a * columnsCount + b];
                if (count > 0) {
                    mi += count / (double) total * Math.log(count * (double) total / (rowSums[a] * columnSums[b]));
                }
            }
        }
        return mi;
    }

    /** Prim's algorithm from column 0; edges with negative weight are not allowed, leaving separate trees. */
    static int[] maximumSpanningForest(double[][] weight) {
        int n = weight.length;
        int[] parents = new int[n];
        Arrays.fill(parents, -1);
        boolean[] inTree = new boolean[n];
        double[] best = new double[n];
        int[] bestFrom = new int[n];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        Arrays.fill(bestFrom, -1);
        for (int added = 0; added < n; added++) {
            int next = -1;
            for (int c = 0; c < n; c++) {
                if (!inTree[c] && (next < 0 || best[c] > best[next])) {
                    next = c;
                }
            }
            inTree[next] = true;
            if (bestFrom[next] >= 0 && best[next] >= 0) {
                parents[next] = bestFrom[next];
            }
            for (int c = 0; c < n; c++) {
                if (!inTree[c] && weight[next][c] > best[c]) {
                    best[c] = weight[next][c];
                    bestFrom[c] = next;
                }
            }
        }
        return parents;
    }

    /** Parents before children, roots in column order. */
    static int[] samplingOrder(int[] parents) {
        List<Integer> order = new ArrayList<>();
        boolean[] placed = new boolean[parents.length];
        while (order.size() < parents.length) {
            for (int c = 0; c < parents.length; c++) {
                if (!placed[c] && (parents[c] < 0 || placed[parents[c]])) {
                    placed[c] = true;
                    order.add(c);
                }
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}
