package dev.airlock.synth;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * Trains a {@link SynthModel} on a table in three streaming passes: profile the columns, sample binned rows to learn
 * the network, count each column with its parents. Memory grows with the model, not with the row count (the structure
 * sample holds at most {@value #STRUCTURE_SAMPLE} rows, {@value #PRIVATE_STRUCTURE_SAMPLE} under differential privacy
 * on large tables).
 */
public final class Synthesizer {

    /** Columns are coarsened to this many bins when measuring how strongly they depend on each other. */
    static final int COARSE_BINS = 64;
    /** A parent-child table may have at most this many cells; larger pairs are not linked. */
    static final long MAX_TABLE_CELLS = 1_000_000;
    /** The most parents a column is drawn given. */
    static final int MAX_PARENTS = 3;
    /** Rows sampled to learn the network's structure. */
    static final int STRUCTURE_SAMPLE = 100_000;
    /**
     * Rows sampled for a differentially private structure when the noisy row count passes {@link #STRUCTURE_SAMPLE}:
     * the exponential mechanism's scores grow with the sample's rows and their sensitivity only with its logarithm, so
     * a large table's tree is drawn far more surely at the same epsilon.
     */
    static final int PRIVATE_STRUCTURE_SAMPLE = 1_000_000;
    /**
     * A column is drawn given the target, beyond what the information criterion admits, when each configuration of
     * its parents then stands for at least this many times {@code k} sampled rows on average.
     */
    static final int TARGET_ROWS_PER_CONFIGURATION_IN_K = 3;
    /**
     * A number or date column of more bins may be a parent in this many groups of neighbouring bins (quartiles of the
     * sample's rows), its missing bin a group of its own.
     */
    static final int PARENT_GROUPS = 4;

    private Synthesizer() {
    }

    /**
     * @param table a table in any format training reads
     * @return its column names, read without its rows (to check a configuration before any work)
     * @throws InvalidInputException when it is not a table
     */
    public static List<String> columns(Path table) {
        return TableReader.header(table);
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
                profiles.add(new ColumnProfile(header.get(i), config.columns().get(header.get(i)), seed * 31 + i,
                        config.epsilon() != null, config.k()));
            }
        });
        progress.onProgress("profile", 1);

        List<ColumnModel> columns = new ArrayList<>();
        PrivacyBudget budget = null;
        if (config.epsilon() == null) {
            for (ColumnProfile profile : profiles) {
                columns.add(ColumnModel.of(profile, profile.resolveType(), config.k(), config.maxBins(), true,
                        config.bounds().get(profile.name)));
            }
        } else {
            // the row count and the domain are released with their parts of epsilon, not read off the data
            budget = new PrivacyBudget(config.epsilon(), PrivacyBudget.noisyRows(config.epsilon(), rows[0], noise),
                    profiles.size(), PrivateDomain.releasedColumns(profiles, config), noise);
            columns.addAll(PrivateDomain.columns(table, profiles, config, budget,
                    config.delta() == null ? PrivacyBudget.DEFAULT_DELTA : config.delta(), noise));
        }
        Structure structure = new Structure(new int[columns.size()][0], null, null);
        if (SynthConfig.DEFAULT.equals(config.synthesizer()) && columns.size() > 1) {
            structure = learnStructure(table, columns, seed, budget, targetIndex(columns, config), config.k());
        }
        progress.onProgress("fit", 0.5);
        int[][] parents = structure.parents();
        BayesNetModel model = new BayesNetModel(BayesNetModel.FORMAT, BayesNetModel.VERSION, config.synthesizer(),
                rows[0], config.k(), columns, parents, samplingOrder(withMissingParents(parents, structure.missingParents())),
                BayesNetModel.emptyCounts(columns, parents, structure.parentGroups()), structure.missingParents(), null,
                structure.parentGroups());
        List<ColumnModel.Binner> binners = columns.stream().map(c -> c.new Binner()).toList();
        int[] missingValue = columns.stream().mapToInt(ColumnModel::missingValueBin).toArray();
        int[] bins = new int[columns.size()];
        TableReader.read(table, (fields, line) -> {
            for (int c = 0; c < fields.length; c++) {
                bins[c] = binners.get(c).bin(fields[c]);
            }
            model.count(bins, missingValue);
        }, header -> {
        });
        progress.onProgress("fit", 1);
        if (config.epsilon() != null) {
            return model.withLaplaceNoise(budget.countScale(model.parents()), noise);
        }
        return model;
    }

    /**
     * Learns the network on a uniform sample of binned rows: a Chow-Liu forest (maximum spanning forest by mutual
     * information less the penalty for the pair's table, so weak links between many-valued columns are not made),
     * then for each column, in sampling order, up to {@value #MAX_PARENTS} parents in all, added one at a time from
     * the earlier columns while the information a parent adds outweighs the size of the table it costs (AICc,
     * {@link #gain}).
     * With a target, the forest is rooted at it and it is drawn first; each other column takes it as a parent right
     * after its tree parent when the criterion admits it, or when each parent configuration still stands for
     * {@value #TARGET_ROWS_PER_CONFIGURATION_IN_K}·k sampled rows on average. The criterion weighs the information
     * over the child's whole distribution, so it refuses links that tell a rare target class apart (3 % of the rows
     * in birdstrikes), which are what a classifier trained on the synthetic data needs; the row floor keeps small
     * tables from conditionals so sparse that the output drifts towards the training rows.
     */
    private static Structure learnStructure(Path table, List<ColumnModel> columns, long seed, PrivacyBudget budget,
            int target, int k) {
        int n = columns.size();
        int[] coarse = columns.stream().mapToInt(c -> Math.min(COARSE_BINS, c.binCount())).toArray();
        int[] full = columns.stream().mapToInt(ColumnModel::binCount).toArray();
        int[] missingValue = columns.stream().mapToInt(ColumnModel::missingValueBin).toArray();
        // a sampled row holds each column's coarse bin, then (not under differential privacy, and only when a column
        // has missing values) whether it is missing, then with a target its full bin
        boolean indicators = budget == null && Arrays.stream(missingValue).anyMatch(v -> v >= 0);
        int fullAt = indicators ? 2 * n : n;
        List<ColumnModel.Binner> binners = columns.stream().map(c -> c.new Binner()).toList();
        Reservoir<int[]> reservoir = new Reservoir<>(budget == null ? STRUCTURE_SAMPLE : budget.structureSample(),
                new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
        // with a target, the full bins come last: the row floor counts configurations on them
        boolean withFull = target >= 0 && budget == null;
        TableReader.read(table, (fields, line) -> reservoir.offer(() -> {
            int[] row = new int[withFull ? fullAt + n : fullAt];
            for (int c = 0; c < n; c++) {
                int bin = binners.get(c).bin(fields[c]);
                row[c] = Math.min(coarse[c] - 1, bin);
                if (indicators) {
                    row[n + c] = bin == missingValue[c] ? 1 : 0;
                }
                if (withFull) {
                    row[fullAt + c] = bin;
                }
            }
            return row;
        }), header -> {
        });
        List<int[]> sample = reservoir.items();
        // where some columns can be parents in groups, each row then holds, past what it was sampled with, each
        // column's group (0 for a column without)
        int groupedAt = withFull ? fullAt + n : fullAt;
        int[][] groups = budget == null ? parentGroups(columns, sample) : new int[n][];
        if (Arrays.stream(groups).anyMatch(Objects::nonNull)) {
            for (int s = 0; s < sample.size(); s++) {
                int[] row = Arrays.copyOf(sample.get(s), groupedAt + n);
                for (int c = 0; c < n; c++) {
                    row[groupedAt + c] = groups[c] == null ? 0 : groups[c][row[c]];
                }
                sample.set(s, row);
            }
        }
        // how many values the places of a row that dependence is measured on take: coarse bins, missing or not,
        // parent groups
        int[] cardinality = new int[groupedAt + n];
        System.arraycopy(coarse, 0, cardinality, 0, n);
        if (indicators) {
            Arrays.fill(cardinality, n, 2 * n, 2);
        }
        for (int c = 0; c < n; c++) {
            cardinality[groupedAt + c] = groups[c] == null ? 1 : BayesNetModel.groupCount(groups[c]);
        }
        JointCounter counter = new JointCounter(sample);
        double rows = Math.max(1, sample.size());
        double[][] information = new double[n][n];
        double[][] score = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                long cells = (long) full[i] * full[j];
                boolean linkable = cells <= MAX_TABLE_CELLS && (budget == null || budget.useful(cells));
                double[] d = linkable ? counter.dependence(new int[] { i }, j, cardinality) : null;
                // -1 marks a pair that is never linked; a measured information is never below 0
                information[i][j] = d == null ? -1 : Math.max(0, d[0]);
                information[j][i] = information[i][j];
                double penalised = d == null ? -1 : pairGain(d, rows);
                score[i][j] = penalised;
                score[j][i] = penalised;
            }
        }
        if (budget != null) {
            return new Structure(treeAsParents(budget.privateTree(information, sample.size(), Math.max(0, target))),
                    null, null);
        }
        int[] tree = maximumSpanningForest(score);
        if (target >= 0) {
            tree = reroot(tree, target);
        }
        int[] order = samplingOrder(treeAsParents(tree));
        if (target >= 0) {
            order = first(order, target);
        }
        int[][] parents = new int[n][];
        int[][][] parentGroups = new int[n][][];
        // a parent is its column's index in a row (its full bins) or groupedAt past it (its groups)
        IntUnaryOperator column = p -> p >= groupedAt ? p - groupedAt : p;
        IntUnaryOperator width = p -> p >= groupedAt ? cardinality[p] : full[p];
        for (int position = 0; position < n; position++) {
            int child = order[position];
            List<Integer> chosen = new ArrayList<>();
            if (tree[child] >= 0) {
                chosen.add(tree[child]);
            }
            double[] base = tree[child] >= 0 ? counter.dependence(new int[] { tree[child] }, child, cardinality) : null;
            if (target >= 0 && child != target && tree[child] != target) {
                int parent = tree[child];
                int floor = TARGET_ROWS_PER_CONFIGURATION_IN_K * k;
                long cells = (parent < 0 ? 1 : full[parent]) * (long) full[target] * full[child];
                int[] given = parent < 0 ? new int[] { target } : new int[] { parent, target };
                double[] d = cells > MAX_TABLE_CELLS ? null : counter.dependence(given, child, cardinality);
                boolean admitted = d != null && (gain(d, base, rows) > 0 || rowsPerConfiguration(sample,
                        parent < 0 ? new int[] { fullAt + target } : new int[] { fullAt + parent, fullAt + target }) >= floor);
                if (!admitted && parent >= 0 && groups[parent] != null
                        && (long) cardinality[groupedAt + parent] * full[target] * full[child] <= MAX_TABLE_CELLS) {
                    // the tree parent's full bins leave too few rows a configuration: its groups with the target,
                    // where they tell the child at least as much as its full bins did alone
                    d = counter.dependence(new int[] { groupedAt + parent, target }, child, cardinality);
                    admitted = gain(d, base, rows) > 0 || d[0] >= base[0]
                            && rowsPerConfiguration(sample, new int[] { groupedAt + parent, fullAt + target }) >= floor;
                    if (admitted) {
                        chosen.set(0, groupedAt + parent);
                    }
                }
                if (admitted) {
                    chosen.add(target);
                    base = d;
                }
            }
            while (!chosen.isEmpty() && chosen.size() < MAX_PARENTS) {
                long configurations = 1;
                for (int parent : chosen) {
                    configurations *= width.applyAsInt(parent);
                }
                int bestParent = -1;
                double bestGain = 0;
                double[] best = null;
                for (int earlier = 0; earlier < position; earlier++) {
                    int candidateColumn = order[earlier];
                    if (chosen.stream().anyMatch(p -> column.applyAsInt(p) == candidateColumn)) {
                        continue;
                    }
                    for (int candidate : groups[candidateColumn] == null ? new int[] { candidateColumn }
                            : new int[] { candidateColumn, groupedAt + candidateColumn }) {
                        long cells = configurations * width.applyAsInt(candidate) * full[child];
                        if (cells > MAX_TABLE_CELLS) {
                            continue;
                        }
                        int[] given = new int[chosen.size() + 1];
                        for (int g = 0; g < chosen.size(); g++) {
                            given[g] = chosen.get(g);
                        }
                        given[chosen.size()] = candidate;
                        double[] d = counter.dependence(given, child, cardinality);
                        double gain = gain(d, base, rows);
                        if (gain > bestGain) {
                            bestGain = gain;
                            bestParent = candidate;
                            best = d;
                        }
                    }
                }
                if (bestParent < 0) {
                    break;
                }
                chosen.add(bestParent);
                base = best;
            }
            parents[child] = chosen.stream().mapToInt(column::applyAsInt).toArray();
            parentGroups[child] = chosen.stream().map(p -> p >= groupedAt ? groups[p - groupedAt] : null)
                    .toArray(int[][]::new);
        }
        return new Structure(parents, indicators
                ? missingParents(counter, order, missingValue, cardinality, rows)
                : null, parentGroups);
    }

    /**
     * The network's parents, and for each column the earlier column whose missing values its own follow, or -1
     * ({@code null}: none at all).
     */
    record Structure(int[][] parents, int[] missingParents, int[][][] parentGroups) {
    }

    /**
     * Links each column that has missing values to the earlier column whose missingness tells most about its own,
     * when that pays for itself by the same criterion as a parent ({@link #gain}, on the two columns' missing-or-not
     * indicators): columns missing together (a form's unanswered section, a join without a match) then stay missing
     * together, which a network over the columns' values misses when their missing rows are too few to pay for a
     * parent's whole table (the two rows of penguins whose four measurements are all missing).
     */
    private static int[] missingParents(JointCounter counter, int[] order, int[] missingValue, int[] cardinality,
            double rows) {
        int n = order.length;
        int[] missingParents = new int[n];
        Arrays.fill(missingParents, -1);
        for (int position = 1; position < n; position++) {
            int child = order[position];
            if (missingValue[child] < 0) {
                continue;
            }
            double bestGain = 0;
            for (int earlier = 0; earlier < position; earlier++) {
                int candidate = order[earlier];
                if (missingValue[candidate] < 0) {
                    continue;
                }
                double gain = gain(counter.dependence(new int[] { n + candidate }, n + child, cardinality), null, rows);
                if (gain > bestGain) {
                    bestGain = gain;
                    missingParents[child] = candidate;
                }
            }
        }
        return missingParents;
    }

    /**
     * Akaike's criterion for a child's parents, corrected for small samples (AICc): the information they carry about
     * it less what the free parameters they add cost, each new configuration of the parents costing a distribution
     * over the child's values. A table of {@code p} parameters costs {@code p / (n - p - 1)} nats a row over a sample
     * of {@code n} rows: one nat over the sample per parameter on large samples (Akaike's penalty), more where the
     * table is large for the sample, so a small table's links do not learn its rows' own combinations.
     *
     * @param with the dependence on the parents ({@link JointCounter#dependence})
     * @param without the dependence on the parents before, or {@code null} for none
     * @param rows the rows of the sample
     * @return what the parents add, less what they cost; -∞ when the table has as many parameters as the sample rows
     */
    static double gain(double[] with, double[] without, double rows) {
        double information = without == null ? 0 : without[0];
        double configurations = without == null ? 1 : without[1];
        double cost = penalty(with[1] * (with[2] - 1), rows);
        if (cost == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return with[0] - information - cost + penalty(configurations * (with[2] - 1), rows);
    }

    /**
     * The tree's score of a pair, the same whichever column is called the parent: the information between them less
     * what the pair's joint table costs beyond the two marginals ({@code (a·b − 1) − (a − 1) − (b − 1)} parameters under
     * Akaike, each priced by AICc over the coarse values the sample holds).
     */
    static double pairGain(double[] dependence, double rows) {
        double a = dependence[1];
        double b = dependence[2];
        double cost = penalty(a * b - 1, rows);
        if (cost == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return dependence[0] - cost + penalty(a - 1, rows) + penalty(b - 1, rows);
    }

    /** @return AICc's penalty, in nats a row, of a table of {@code parameters} free parameters */
    private static double penalty(double parameters, double rows) {
        double denominator = rows - parameters - 1;
        return denominator <= 0 ? Double.POSITIVE_INFINITY : parameters / denominator;
    }

    /** @return sampled rows per configuration of the values at the given places of the sample's rows */
    private static double rowsPerConfiguration(List<int[]> sample, int[] places) {
        Set<Long> seen = new HashSet<>();
        for (int[] row : sample) {
            long configuration = 0;
            for (int place : places) {
                configuration = configuration * (MAX_TABLE_CELLS + 1) + row[place];
            }
            seen.add(configuration);
        }
        return sample.size() / (double) seen.size();
    }

    /**
     * Groups each number or date column's bins for a parent's role: runs of neighbouring bins of about a
     * {@value #PARENT_GROUPS}-th of the sample's rows each, the missing bin a group of its own, so a column of many bins
     * can tell a child its rough size where its full table would be too large for the rows.
     *
     * @return for each column the group of each bin, or {@code null} for a categorical column, one of at most
     *         {@value #PARENT_GROUPS} value bins or more than {@value #COARSE_BINS} bins (the sample holds its bins coarsened)
     */
    static int[][] parentGroups(List<ColumnModel> columns, List<int[]> sample) {
        int[][] groups = new int[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            ColumnModel column = columns.get(c);
            int missing = column.missingBin();
            int valueBins = column.binCount() - (missing >= 0 ? 1 : 0);
            if (column.labels() != null || valueBins <= PARENT_GROUPS || column.binCount() > COARSE_BINS) {
                continue;
            }
            long[] rows = new long[column.binCount()];
            for (int[] row : sample) {
                rows[row[c]]++;
            }
            double total = 0;
            for (int b = 0; b < valueBins; b++) {
                total += rows[b];
            }
            if (total == 0) {
                continue;
            }
            int[] group = new int[column.binCount()];
            double before = 0;
            int previous = -1;
            int at = -1;
            for (int b = 0; b < valueBins; b++) {
                // the quarter the bin's middle row falls in; quarters no bin's middle reaches are skipped
                int quarter = Math.min(PARENT_GROUPS - 1, (int) ((before + rows[b] / 2.0) / total * PARENT_GROUPS));
                at += quarter != previous ? 1 : 0;
                previous = quarter;
                group[b] = at;
                before += rows[b];
            }
            if (missing >= 0) {
                group[missing] = at + 1;
            }
            groups[c] = at + 1 < valueBins ? group : null;
        }
        return groups;
    }

    /** @return the target's column, or -1 without one or when it holds one bin (it tells no rows apart) */
    private static int targetIndex(List<ColumnModel> columns, SynthConfig config) {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).name().equals(config.target()) && columns.get(c).binCount() > 1) {
                return c;
            }
        }
        return -1;
    }

    /** @return the same forest with the edges on the way from {@code root} to its tree's root turned round */
    static int[] reroot(int[] tree, int root) {
        int[] turned = tree.clone();
        int previous = -1;
        for (int node = root; node >= 0;) {
            int next = tree[node];
            turned[node] = previous;
            previous = node;
            node = next;
        }
        return turned;
    }

    /** @return the order with {@code column}, a root, moved to the front */
    private static int[] first(int[] order, int column) {
        int[] moved = new int[order.length];
        moved[0] = column;
        int at = 1;
        for (int c : order) {
            if (c != column) {
                moved[at++] = c;
            }
        }
        return moved;
    }

    private static int[][] treeAsParents(int[] tree) {
        int[][] parents = new int[tree.length][];
        for (int c = 0; c < tree.length; c++) {
            parents[c] = tree[c] < 0 ? new int[0] : new int[] { tree[c] };
        }
        return parents;
    }

    /**
     * Counts joint tables on the structure sample, reusing its arrays and visiting only the cells the sample fills,
     * so trying many parent sets stays fast.
     */
    private static final class JointCounter {
        private final List<int[]> sample;
        private final int[] touchedCells;
        private final int[] touchedConfigurations;
        private int[] cells = new int[0];
        private int[] configurationCounts = new int[0];

        JointCounter(List<int[]> sample) {
            this.sample = sample;
            touchedCells = new int[sample.size()];
            touchedConfigurations = new int[sample.size()];
        }

        /**
         * @return {@code [information, configurations, values]}: the plug-in mutual information between the joint of
         *         {@code given} and {@code child}, how many configurations of {@code given} the sample holds, and how
         *         many of the child's values
         */
        double[] dependence(int[] given, int child, int[] cardinality) {
            int configurations = 1;
            for (int g : given) {
                configurations *= cardinality[g];
            }
            int childBins = cardinality[child];
            if (cells.length < configurations * childBins) {
                cells = new int[configurations * childBins];
            }
            if (configurationCounts.length < configurations) {
                configurationCounts = new int[configurations];
            }
            int[] childCounts = new int[childBins];
            int filled = 0;
            int seen = 0;
            for (int[] row : sample) {
                int configuration = 0;
                for (int g : given) {
                    configuration = configuration * cardinality[g] + row[g];
                }
                int cell = configuration * childBins + row[child];
                if (cells[cell]++ == 0) {
                    touchedCells[filled++] = cell;
                }
                if (configurationCounts[configuration]++ == 0) {
                    touchedConfigurations[seen++] = configuration;
                }
                childCounts[row[child]]++;
            }
            double total = sample.size();
            double information = 0;
            for (int t = 0; t < filled; t++) {
                int cell = touchedCells[t];
                double count = cells[cell];
                information += count / total * Math.log(count * total
                        / ((double) configurationCounts[cell / childBins] * childCounts[cell % childBins]));
                cells[cell] = 0;
            }
            for (int t = 0; t < seen; t++) {
                configurationCounts[touchedConfigurations[t]] = 0;
            }
            int values = 0;
            for (int count : childCounts) {
                values += count > 0 ? 1 : 0;
            }
            return new double[] { information, seen, values };
        }
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

    /**
     * @return each column's parents and its missing parent, for an order in which both come before it (a target drawn
     *         first can be a later column's missing parent, which its value network alone would place after it)
     */
    static int[][] withMissingParents(int[][] parents, int[] missingParents) {
        if (missingParents == null) {
            return parents;
        }
        int[][] all = new int[parents.length][];
        for (int c = 0; c < parents.length; c++) {
            all[c] = missingParents[c] < 0 ? parents[c]
                    : java.util.stream.IntStream.concat(Arrays.stream(parents[c]), java.util.stream.IntStream.of(
                            missingParents[c])).toArray();
        }
        return all;
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
