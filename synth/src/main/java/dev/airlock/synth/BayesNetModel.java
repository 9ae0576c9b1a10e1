package dev.airlock.synth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Bayesian network over discretised columns: each column is drawn given at most three parent columns (a Chow-Liu
 * forest plus further parents where they pay for their table), with each conditional smoothed towards the one given
 * one parent fewer, down to the marginal. With no parents it is the independent-marginals baseline. Numeric values are
 * drawn within their bin (from its pieces when the model has them), so synthetic numbers are not the training values.
 *
 * @param format always {@value #FORMAT}
 * @param version the model format version
 * @param synthesizer the synthesizer that trained it
 * @param trainingRows rows in the training table
 * @param k the privacy threshold it was trained with
 * @param columns the columns in table order
 * @param parents for each column the indexes of its parents, possibly none
 * @param order the columns in sampling order (each parent before its children)
 * @param counts for each column, its joint counts with its parents as {@code [parentConfiguration][bin]}, where the
 *        configuration numbers the parents' bins with the first parent most significant; {@code [[bin…]]} for a root;
 *        a column with a missing parent counts here only the rows where that parent has a value
 * @param missingParents for each column, the earlier column whose missing values its own follow, or -1 (since
 *        version 4; {@code null} before): where that column is missing, this one is missing at the rate
 *        {@code missingCounts} gives, else drawn from its conditional without its missing value
 * @param missingCounts for each column with a missing parent, {@code [rows with a value, rows missing]} among the
 *        training rows where the missing parent is missing; {@code null} for the others ({@code null} in all: empty
 *        counts for a model about to be counted)
 * @param parentGroups for each column and each of its parents, {@code null} where the parent's own bins enter the
 *        configuration, else the group each of the parent's bins enters it as (since version 5; {@code null} before,
 *        and all {@code null} then): runs of neighbouring bins, so a number or date column can be a parent at a
 *        coarser grain where its full table would cost more than a small table pays for
 */
record BayesNetModel(String format, int version, String synthesizer, long trainingRows, int k, List<ColumnModel> columns,
        int[][] parents, int[] order, List<long[][]> counts, int[] missingParents, long[][] missingCounts,
        int[][][] parentGroups)
        implements
            SynthModel {

    static final String FORMAT = "airlock-model";
    static final int VERSION = 6;
    /** Pseudo-rows with which a conditional leans on its coarser fallback. */
    private static final double SMOOTHING = 0.5;
    /**
     * A private column's pooled-rare bin ({@value ColumnModel#RARE}) and a private number column's missing bin are in
     * its domain whether or not any row is, so clipping leaves them noise (a boolean column of 800,000 rows wrote
     * {@code _RARE_} 218 times, an integer column without missing values 217 blanks, which pandas reads as text and
     * decimals). Such a bin is emptied when its unclipped noisy rows, summed over its P cells, are no more than this
     * many standard deviations of that sum's noise, √(2P) · scale (post-processing), while the column's other bins
     * hold more than as many of theirs: a column whose rows are all missing stays missing.
     */
    static final double NOISE_ONLY_DEVIATIONS = 3;
    /** A row that keeps copying a training row (a table with very few possible rows) is written after this many. */
    private static final int MAX_REDRAWS_PER_ROW = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    BayesNetModel {
        int n = columns.size();
        int[] position = positions(parents, order, counts, n);
        if (missingParents == null) {
            missingParents = new int[n];
            Arrays.fill(missingParents, -1);
        }
        if (missingCounts == null) {
            // empty counts, to be filled by count(): a pair for each column with a missing parent
            missingCounts = new long[n][];
            for (int c = 0; c < n; c++) {
                missingCounts[c] = missingParents.length == n && missingParents[c] >= 0 ? new long[2] : null;
            }
        }
        if (parentGroups == null) {
            parentGroups = new int[n][][];
            for (int c = 0; c < n; c++) {
                parentGroups[c] = new int[parents[c].length][];
            }
        }
        if (missingParents.length != n || missingCounts.length != n) {
            throw damaged("its missing parents do not cover its " + n + " columns");
        }
        for (int c = 0; c < n; c++) {
            checkLinks(c, columns, parents, position, missingParents, missingCounts);
            checkCounts(c, columns, parents, parentGroups, counts);
            checkTails(columns.get(c));
        }
    }

    /**
     * Checks a column's tails: a pair of sides for a number column with bins, each {@code null} or a positive
     * finite scale, a share of at most {@link ColumnModel#MAX_TAIL_SHARE} and a finite limit.
     */
    private static void checkTails(ColumnModel column) {
        List<double[]> tails = column.tails();
        if (tails == null) {
            return;
        }
        boolean valid = column.bins() != null && !column.bins().isEmpty() && tails.size() == 2
                && tails.stream().allMatch(t -> t == null || t.length == 3 && t[0] > 0 && Double.isFinite(t[0])
                        && t[1] > 0 && t[1] <= ColumnModel.MAX_TAIL_SHARE && Double.isFinite(t[2]));
        if (!valid) {
            throw damaged("the tails of column " + column.name() + " are not a scale, a share and a limit per side");
        }
    }

    /** @return each column's place in the sampling order, once parents, order and counts cover the columns */
    private static int[] positions(int[][] parents, int[] order, List<long[][]> counts, int n) {
        if (parents == null || order == null || counts == null || parents.length != n || order.length != n
                || counts.size() != n || Arrays.stream(parents).anyMatch(Objects::isNull)) {
            throw damaged("its parents, sampling order and counts do not cover its " + n + " columns");
        }
        int[] position = new int[n];
        Arrays.fill(position, -1);
        for (int p = 0; p < n; p++) {
            if (order[p] < 0 || order[p] >= n || position[order[p]] >= 0) {
                throw damaged("its sampling order does not name each column once");
            }
            position[order[p]] = p;
        }
        return position;
    }

    /** Checks that column {@code c}'s parents and missing parent are other columns, drawn before it. */
    private static void checkLinks(int c, List<ColumnModel> columns, int[][] parents, int[] position,
            int[] missingParents, long[][] missingCounts) {
        int n = columns.size();
        String column = columns.get(c).name();
        for (int parent : parents[c]) {
            if (parent < 0 || parent >= n || parent == c) {
                throw damaged("the parents of column " + column + " name no other column");
            }
            if (position[parent] > position[c]) {
                throw damaged("it draws column " + column + " before its parent " + columns.get(parent).name());
            }
        }
        int missingParent = missingParents[c];
        if (missingParent < -1 || missingParent >= n || missingParent == c) {
            throw damaged("the missing parent of column " + column + " is no other column");
        }
        if (missingParent >= 0 && position[missingParent] > position[c]) {
            throw new InvalidInputException("the model draws column " + column + " before its missing parent "
                    + columns.get(missingParent).name() + "; train it again with this version");
        }
        if (missingParent >= 0 && (missingCounts[c] == null || missingCounts[c].length != 2)) {
            throw damaged("column " + column + " has a missing parent but no counts for it");
        }
    }

    /**
     * Checks column {@code c}'s parent groups, then the shape of its counts that they and the parents' bins give: a
     * number in the file would otherwise set the size of what sampling allocates and indexes.
     */
    private static void checkCounts(int c, List<ColumnModel> columns, int[][] parents, int[][][] parentGroups,
            List<long[][]> counts) {
        String column = columns.get(c).name();
        boolean matches = c < parentGroups.length && parentGroups[c] != null
                && parentGroups[c].length == parents[c].length;
        long configurations = 1;
        for (int i = 0; matches && i < parents[c].length; i++) {
            int[] groups = parentGroups[c][i];
            matches = groups == null || groups.length == columns.get(parents[c][i]).binCount()
                    && Arrays.stream(groups).allMatch(g -> g >= 0 && g < groups.length);
            configurations *= matches ? radix(columns, parents, parentGroups, c, i) : 1;
        }
        if (!matches) {
            throw damaged("the parent groups of column " + column + " do not match its parents' bins");
        }
        long[][] table = counts.get(c);
        int bins = columns.get(c).binCount();
        if (table == null || table.length != configurations
                || Arrays.stream(table).anyMatch(row -> row == null || row.length != bins)) {
            throw damaged("the counts of column " + column + " do not match its bins and its parents'");
        }
    }

    private static InvalidInputException damaged(String what) {
        return new InvalidInputException("the model file is damaged: " + what);
    }

    /**
     * A model without missing parents and with every parent at its own bins (models before version 4, differentially
     * private ones, the baseline).
     */
    BayesNetModel(String format, int version, String synthesizer, long trainingRows, int k, List<ColumnModel> columns,
            int[][] parents, int[] order, List<long[][]> counts) {
        this(format, version, synthesizer, trainingRows, k, columns, parents, order, counts, null, null, null);
    }

    @Override
    public List<String> columnNames() {
        return columns.stream().map(ColumnModel::name).toList();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        MAPPER.writeValue(out, this);
    }

    static BayesNetModel read(InputStream in) throws IOException {
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
        if (version == 1) {
            // version 1 had one parent per column, -1 for none
            com.fasterxml.jackson.databind.node.ArrayNode parents = MAPPER.createArrayNode();
            for (JsonNode parent : tree.path("parents")) {
                com.fasterxml.jackson.databind.node.ArrayNode list = parents.addArray();
                if (parent.asInt() >= 0) {
                    list.add(parent.asInt());
                }
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree).set("parents", parents);
        }
        try {
            return MAPPER.treeToValue(tree, BayesNetModel.class);
        } catch (JsonProcessingException e) {
            // the checks of the canonical constructor name what is wrong; Jackson wraps them
            if (e.getCause() instanceof InvalidInputException named) {
                throw named;
            }
            throw new InvalidInputException("the file is not a readable Airlock model: " + e.getOriginalMessage());
        }
    }

    @Override
    public void sample(long rows, long seed, Path output, ProgressListener progress) throws IOException {
        sample(rows, seed, output, progress, null);
    }

    @Override
    public void sample(long rows, long seed, Path output, ProgressListener progress, CopyGuard guard)
            throws IOException {
        if (guard != null) {
            guard.start(rows);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<ColumnModel.Writer> writers = columns.stream().map(c -> c.new Writer()).toList();
        double[][][] cumulative = cumulative();
        int[] missingValue = columns.stream().mapToInt(ColumnModel::missingValueBin).toArray();
        double[] missingRate = missingRates(missingValue);
        try (TableWriter csv = TableWriter.open(output, columns)) {
            int[] bins = new int[columns.size()];
            String[] values = new String[columns.size()];
            long step = Math.max(1, rows / 100);
            int redraws = 0;
            for (long row = 0; row < rows; row++) {
                for (int column : order) {
                    double[] conditional = cumulative[column][configuration(column, bins)];
                    int missingParent = missingParents[column];
                    if (missingParent >= 0 && bins[missingParent] == missingValue[missingParent]) {
                        bins[column] = random.nextDouble() < missingRate[column] ? missingValue[column]
                                : drawExcept(conditional, missingValue[column], random);
                    } else {
                        bins[column] = draw(conditional, random);
                    }
                }
                for (int column = 0; column < values.length; column++) {
                    values[column] = writers.get(column).value(bins[column], random);
                }
                if (guard != null && !guard.accept(values) && redraws++ < MAX_REDRAWS_PER_ROW) {
                    row--;
                    continue;
                }
                redraws = 0;
                csv.write(values);
                if (row % step == 0) {
                    progress.onProgress("sample", (double) row / rows);
                }
            }
        }
        progress.onProgress("sample", 1);
    }

    private int configuration(int column, int[] bins) {
        int configuration = 0;
        for (int i = 0; i < parents[column].length; i++) {
            int[] groups = parentGroups[column][i];
            int bin = bins[parents[column][i]];
            configuration = configuration * radix(columns, parents, parentGroups, column, i)
                    + (groups == null ? bin : groups[bin]);
        }
        return configuration;
    }

    /** @return how many values the column's {@code i}-th parent takes in its configurations: its bins or groups */
    private static int radix(List<ColumnModel> columns, int[][] parents, int[][][] parentGroups, int column, int i) {
        int[] groups = parentGroups == null ? null : parentGroups[column][i];
        return groups == null ? columns.get(parents[column][i]).binCount() : groupCount(groups);
    }

    /** @return how many groups a parent's grouping has: one more than its largest (a loop: it runs for every drawn row) */
    static int groupCount(int[] groups) {
        int largest = -1;
        for (int group : groups) {
            largest = Math.max(largest, group);
        }
        return largest + 1;
    }

    /**
     * The conditional distributions as cumulative sums. Each is smoothed with {@value #SMOOTHING} pseudo-row towards
     * the distribution given all but its last parent, which is smoothed likewise, down to the marginal, so no
     * conditional rests on a single training row.
     */
    private double[][][] cumulative() {
        double[][][] result = new double[columns.size()][][];
        for (int column = 0; column < columns.size(); column++) {
            long[][] joint = counts.get(column);
            double shift = noiseShift(joint, trainingRows);
            int bins = columns.get(column).binCount();
            double[][] level = { normalise(sumRows(joint, 0, joint.length, bins, shift), null) };
            for (int i = 0; i < parents[column].length; i++) {
                int cardinality = radix(columns, parents, parentGroups, column, i);
                int configurations = level.length * cardinality;
                int block = joint.length / configurations;
                double[][] next = new double[configurations][];
                for (int a = 0; a < configurations; a++) {
                    next[a] = normalise(sumRows(joint, a * block, (a + 1) * block, bins, shift),
                            level[a / cardinality]);
                }
                level = next;
            }
            for (double[] distribution : level) {
                double running = 0;
                for (int b = 0; b < bins; b++) {
                    running += distribution[b];
                    distribution[b] = running;
                }
                distribution[bins - 1] = 1.0;
            }
            result[column] = level;
        }
        return result;
    }

    private static double[] sumRows(long[][] joint, int from, int to, int bins, double shift) {
        double[] sums = new double[bins];
        for (int p = from; p < to; p++) {
            for (int b = 0; b < bins; b++) {
                sums[b] += Math.max(0, joint[p][b] - shift);
            }
        }
        return sums;
    }

    /** @return counts plus {@value #SMOOTHING} pseudo-row spread as {@code prior}, as probabilities */
    private static double[] normalise(double[] counts, double[] prior) {
        double total = 0;
        double[] result = new double[counts.length];
        for (int b = 0; b < counts.length; b++) {
            result[b] = counts[b] + (prior == null ? 0 : SMOOTHING * prior[b]);
            total += result[b];
        }
        for (int b = 0; b < counts.length; b++) {
            result[b] = total == 0 ? 1.0 / counts.length : result[b] / total;
        }
        return result;
    }

    /**
     * @return for each column with a missing parent, the share of rows missing where that parent is missing, smoothed
     *         with {@value #SMOOTHING} pseudo-row towards the column's share of missing rows overall
     */
    private double[] missingRates(int[] missingValue) {
        double[] rates = new double[columns.size()];
        for (int column = 0; column < rates.length; column++) {
            long[] link = missingCounts[column];
            if (missingParents[column] < 0 || link == null) {
                continue;
            }
            int missing = missingValue[column];
            double overall = 0;
            double total = 0;
            for (long[] configuration : counts.get(column)) {
                for (int b = 0; b < configuration.length; b++) {
                    overall += b == missing ? configuration[b] : 0;
                    total += configuration[b];
                }
            }
            overall += link[1];
            total += link[0] + link[1];
            double prior = total == 0 ? 0 : overall / total;
            rates[column] = (link[1] + SMOOTHING * prior) / (link[0] + link[1] + SMOOTHING);
        }
        return rates;
    }

    /** @return a bin drawn from the distribution without bin {@code excluded}; it when it holds all the mass */
    static int drawExcept(double[] cumulative, int excluded, SplittableRandom random) {
        double below = excluded == 0 ? 0 : cumulative[excluded - 1];
        double mass = cumulative[excluded] - below;
        if (1 - mass <= 1e-12) {
            return excluded;
        }
        double u = random.nextDouble() * (1 - mass);
        return find(cumulative, u < below ? u : u + mass);
    }

    private static int draw(double[] cumulative, SplittableRandom random) {
        return find(cumulative, random.nextDouble());
    }

    /** @return the first bin whose cumulative probability passes {@code u} */
    private static int find(double[] cumulative, double u) {
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

    /** @param parentGroups as the model holds them, or {@code null} for every parent at its own bins */
    static List<long[][]> emptyCounts(List<ColumnModel> columns, int[][] parents, int[][][] parentGroups) {
        List<long[][]> counts = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            int configurations = 1;
            for (int i = 0; i < parents[c].length; i++) {
                configurations *= radix(columns, parents, parentGroups, c, i);
            }
            counts.add(new long[configurations][columns.get(c).binCount()]);
        }
        return counts;
    }

    /**
     * Adds Laplace noise to every count, rounds and clips at zero (post-processing), empties a bin that holds only
     * noise ({@link #NOISE_ONLY_DEVIATIONS}), and replaces the row count with an estimate from the noisy tables: each
     * table's unclipped noisy total, weighted by the inverse of its variance (its number of cells).
     *
     * @return the model with noisy counts
     */
    BayesNetModel withLaplaceNoise(double scale, SplittableRandom noise) {
        List<long[][]> noisy = new ArrayList<>();
        double weightedTotals = 0;
        double weights = 0;
        for (int c = 0; c < counts.size(); c++) {
            long[][] table = counts.get(c);
            long[][] copy = new long[table.length][];
            double total = 0;
            long cells = 0;
            int domainOnly = domainOnlyBin(columns.get(c));
            double domainOnlyRows = 0;
            double otherRows = 0;
            for (int p = 0; p < table.length; p++) {
                copy[p] = new long[table[p].length];
                for (int b = 0; b < table[p].length; b++) {
                    double value = table[p][b] + PrivacyBudget.laplace(scale, noise);
                    total += value;
                    copy[p][b] = Math.max(0, Math.round(value));
                    domainOnlyRows += b == domainOnly ? value : 0;
                    otherRows += b == domainOnly ? 0 : value;
                }
                cells += table[p].length;
            }
            double deviation = Math.sqrt(2.0 * table.length) * scale;
            if (domainOnly >= 0 && domainOnlyRows <= NOISE_ONLY_DEVIATIONS * deviation
                    && otherRows > NOISE_ONLY_DEVIATIONS * deviation * Math.sqrt(table[0].length - 1.0)) {
                // post-processing: the bin's noisy rows are no more than its cells' noise would sum to, and the
                // column's other bins hold rows beyond theirs
                for (long[] configuration : copy) {
                    configuration[domainOnly] = 0;
                }
            }
            noisy.add(copy);
            weightedTotals += total / cells;
            weights += 1.0 / cells;
        }
        long rows = Math.max(0, Math.round(weightedTotals / weights));
        return new BayesNetModel(format, version, synthesizer, rows, k, columns, parents, order, noisy, missingParents,
                missingCounts, parentGroups);
    }

    /**
     * @return the bin a private domain gives the column whether or not any row is in it, or -1: the pooled-rare
     *         label of a categorical column, the missing bin of a number column
     */
    private static int domainOnlyBin(ColumnModel column) {
        return column.labels() != null ? column.labels().indexOf(ColumnModel.RARE) : column.missingBin();
    }

    /**
     * A noisy table holds more rows than the model's row count: clipping the noise at zero left mass in every empty
     * cell. The projection that fixes it subtracts the same amount from every cell, clipping at zero, until the table
     * holds the row count again (the Euclidean projection onto tables of that total), which empties the cells that
     * hold only noise.
     *
     * @return the amount to subtract; 0 for an exact table, which holds the row count already
     */
    static double noiseShift(long[][] table, long rows) {
        double total = 0;
        int cells = 0;
        for (long[] row : table) {
            for (long count : row) {
                total += count;
            }
            cells += row.length;
        }
        if (total <= rows || rows <= 0) {
            return 0;
        }
        double[] sorted = new double[cells];
        int i = 0;
        for (long[] row : table) {
            for (long count : row) {
                sorted[i++] = count;
            }
        }
        Arrays.sort(sorted);
        double shift = 0;
        double running = 0;
        for (int kept = 1; kept <= cells; kept++) {
            double value = sorted[cells - kept];
            running += value;
            double candidate = (running - rows) / kept;
            if (value <= candidate) {
                break;
            }
            shift = candidate;
        }
        return Math.max(0, shift);
    }

    /**
     * Counts one training row, given every column's bin.
     *
     * @param missingValue each column's {@link ColumnModel#missingValueBin()}
     */
    void count(int[] bins, int[] missingValue) {
        for (int c = 0; c < bins.length; c++) {
            int missingParent = missingParents[c];
            if (missingParent >= 0 && bins[missingParent] == missingValue[missingParent]) {
                missingCounts[c][bins[c] == missingValue[c] ? 1 : 0]++;
            } else {
                counts.get(c)[configuration(c, bins)][bins[c]]++;
            }
        }
    }
}
