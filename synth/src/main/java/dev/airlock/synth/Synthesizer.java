package dev.airlock.synth;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link SynthModel} on a table in three streaming passes: profile the columns, sample binned rows to learn
 * the network, count each column with its parents. Memory grows with the model, not with the row count.
 */
public final class Synthesizer {

    /** Columns are coarsened to this many bins when measuring how strongly they depend on each other. */
    static final int COARSE_BINS = 64;
    /** A parent-child table may have at most this many cells; larger pairs are not linked. */
    static final long MAX_TABLE_CELLS = 1_000_000;
    /** Rows sampled to learn the network's structure. */
    static final int STRUCTURE_SAMPLE = 100_000;

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
        return train(table, config, seed, progress, new SplittableRandom(new SecureRandom().nextLong()));
    }

    /**
     * @param noise the randomness of the differential-privacy noise: must be secret for the guarantee to hold, so
     *        only tests pass a seeded one
     */
    static SynthModel train(Path table, SynthConfig config, long seed, ProgressListener progress,
            SplittableRandom noise) {
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
            columns.add(ColumnModel.of(profile, profile.resolveType(), config.k(), config.maxBins(),
                    config.epsilon() == null));
        }
        int[][] parents = new int[columns.size()][0];
        if (SynthConfig.DEFAULT.equals(config.synthesizer()) && columns.size() > 1) {
            parents = learnStructure(table, columns, seed, config.epsilon() == null ? null
                    : new PrivacyBudget(config.epsilon(), rows[0], columns.size(), noise));
        }
        progress.onProgress("fit", 0.5);
        BayesNetModel model = new BayesNetModel(BayesNetModel.FORMAT, BayesNetModel.VERSION, config.synthesizer(),
                rows[0], config.k(), columns, parents, samplingOrder(parents),
                BayesNetModel.emptyCounts(columns, parents));
        List<ColumnModel.Binner> binners = columns.stream().map(c -> c.new Binner()).toList();
        int[] bins = new int[columns.size()];
        TableReader.read(table, (fields, line) -> {
            for (int c = 0; c < fields.length; c++) {
                bins[c] = binners.get(c).bin(fields[c]);
            }
            model.count(bins);
        }, header -> {
        });
        progress.onProgress("fit", 1);
        if (config.epsilon() != null) {
            return model.withLaplaceNoise(PrivacyBudget.countScale(config.epsilon(), columns.size(), model.parents()),
                    noise);
        }
        return model;
    }

    /**
     * Learns the network on a uniform sample of binned rows: a Chow-Liu tree (maximum spanning forest by mutual
     * information), then for each column a second parent, placed earlier in sampling order, when the information it
     * adds beyond the first parent outweighs the size of the table it costs (a BIC penalty).
     */
    private static int[][] learnStructure(Path table, List<ColumnModel> columns, long seed, PrivacyBudget budget) {
        int n = columns.size();
        int[] coarse = columns.stream().mapToInt(c -> Math.min(COARSE_BINS, c.binCount())).toArray();
        List<ColumnModel.Binner> binners = columns.stream().map(c -> c.new Binner()).toList();
        Reservoir<int[]> reservoir = new Reservoir<>(STRUCTURE_SAMPLE,
                new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
        TableReader.read(table, (fields, line) -> reservoir.offer(() -> {
            int[] row = new int[n];
            for (int c = 0; c < n; c++) {
                row[c] = Math.min(coarse[c] - 1, binners.get(c).bin(fields[c]));
            }
            return row;
        }), header -> {
        });
        List<int[]> sample = reservoir.items();
        double[][] information = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                long cells = (long) columns.get(i).binCount() * columns.get(j).binCount();
                double mi = cells > MAX_TABLE_CELLS ? -1
                        : mutualInformation(sample, new int[] { i }, j, coarse);
                information[i][j] = mi;
                information[j][i] = mi;
            }
        }
        if (budget != null) {
            return treeAsParents(budget.privateTree(information));
        }
        int[] tree = maximumSpanningForest(information);
        int[] order = samplingOrder(treeAsParents(tree));
        int[][] parents = new int[n][];
        double penaltyPerCell = Math.log(sample.size()) / (2.0 * sample.size());
        for (int position = 0; position < n; position++) {
            int child = order[position];
            if (tree[child] < 0) {
                parents[child] = new int[0];
                continue;
            }
            int first = tree[child];
            double base = information[first][child];
            int bestSecond = -1;
            double bestGain = 0;
            for (int earlier = 0; earlier < position; earlier++) {
                int second = order[earlier];
                long cells = (long) columns.get(first).binCount() * columns.get(second).binCount()
                        * columns.get(child).binCount();
                if (second == first || cells > MAX_TABLE_CELLS) {
                    continue;
                }
                double gain = mutualInformation(sample, new int[] { first, second }, child, coarse) - base
                        - (double) coarse[first] * (coarse[second] - 1) * (coarse[child] - 1) * penaltyPerCell;
                if (gain > bestGain) {
                    bestGain = gain;
                    bestSecond = second;
                }
            }
            parents[child] = bestSecond < 0 ? new int[] { first } : new int[] { first, bestSecond };
        }
        return parents;
    }

    private static int[][] treeAsParents(int[] tree) {
        int[][] parents = new int[tree.length][];
        for (int c = 0; c < tree.length; c++) {
            parents[c] = tree[c] < 0 ? new int[0] : new int[] { tree[c] };
        }
        return parents;
    }

    /** Plug-in mutual information between the joint of {@code given} and {@code child} on the sample. */
    static double mutualInformation(List<int[]> sample, int[] given, int child, int[] cardinality) {
        int configurations = 1;
        for (int g : given) {
            configurations *= cardinality[g];
        }
        int childBins = cardinality[child];
        long[] joint = new long[configurations * childBins];
        for (int[] row : sample) {
            int configuration = 0;
            for (int g : given) {
                configuration = configuration * cardinality[g] + row[g];
            }
            joint[configuration * childBins + row[child]]++;
        }
        return mutualInformation(joint, configurations, childBins, sample.size());
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
    static int[] samplingOrder(int[][] parents) {
        List<Integer> order = new ArrayList<>();
        boolean[] placed = new boolean[parents.length];
        while (order.size() < parents.length) {
            for (int c = 0; c < parents.length; c++) {
                if (!placed[c] && Arrays.stream(parents[c]).allMatch(p -> placed[p])) {
                    placed[c] = true;
                    order.add(c);
                }
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}
