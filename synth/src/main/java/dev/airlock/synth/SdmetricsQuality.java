package dev.airlock.synth;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * SDMetrics' single-table quality score: the Column Shapes and Column Pair Trends properties of its
 * {@code QualityReport}, computed as SDMetrics' code computes them, so a user can set our report beside one made with
 * SDMetrics (or by a vendor that uses it) on the same tables:
 * <ul>
 * <li>a numerical or datetime column's shape is 1 − the two-sample Kolmogorov–Smirnov statistic of its values, a
 * categorical or boolean column's 1 − the total variation distance of its values (missing values left out of
 * both);</li>
 * <li>a pair of numerical or datetime columns scores 1 − |r<sub>real</sub> − r<sub>synthetic</sub>| / 2 with Pearson's
 * r (missing values counted as 0, as SDMetrics does; a pair with a constant column in either table is not scored), a
 * pair of categorical or boolean columns 1 − the total variation distance of their joint values (missing values a
 * value of their own), and a mixed pair the same after the numerical column is cut into 10 equal-width bins between
 * its own table's smallest and largest values ({@code numpy.histogram_bin_edges}, {@code numpy.digitize}: the
 * largest value and missing values fall in an eleventh bin);</li>
 * <li>each property is the mean of its scored columns or pairs, and the score the mean of the two.</li>
 * </ul>
 * Every row of both tables is counted: when the evaluator sampled a table, two more passes over each table count
 * what the samples cannot give ({@link Whole}). SDMetrics itself subsamples a pair's contingency table to 50,000
 * rows when a table is larger, so on such tables its own figure is a little lower and moves between runs.
 * SDMetrics needs each column's sdtype; here they are detected from the training table (its sample of at most
 * 50,000 rows) as SDV's metadata detection would in the common cases (numbers are numerical unless they are whole,
 * non-negative and have at most min(rows / 10, 10) distinct values, which makes them categorical; dates in a
 * recognised format are datetime; the first column whose values are unique and never missing, whole non-negative
 * numbers or labels, is the table's {@code id}; identifiers and free text are {@code id} too) and written into the
 * report, so the same metadata can be handed to SDMetrics. Columns of sdtype {@code id} are not scored, as in
 * SDMetrics.
 */
final class SdmetricsQuality {

    /** SDV's sdtypes that this score distinguishes. */
    enum Sdtype {
        NUMERICAL,
        DATETIME,
        CATEGORICAL,
        BOOLEAN,
        ID;

        boolean continuous() {
            return this == NUMERICAL || this == DATETIME;
        }

        String metadataName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** SDV does not tell categorical numbers from numerical ones in tables of this many rows or fewer. */
    private static final int MIN_ROWS_FOR_PREDICTION = 5;
    private static final int BINS = 10;

    private SdmetricsQuality() {
    }

    /**
     * @param train a uniform sample of the training table (SDMetrics' real data)
     * @param synth a uniform sample of the synthetic table
     * @param realFile the whole training table, read again when the sample is not all of it
     * @param synthFile the whole synthetic table, likewise
     * @return the score, its two properties and the sdtypes used
     */
    static Result of(EvaluationTable train, EvaluationTable synth, Path realFile, Path synthFile) {
        return of(train, synth, realFile, synthFile, null, null);
    }

    /**
     * @param hold a uniform sample of the holdout table, whose distance to the training rows the DCR measure reports
     *        beside the synthetic rows', or {@code null}
     * @param copies tells rows equal to a training row over the whole training table, whose DCR is 0 whether or not
     *        the training sample holds that row; {@code null} to measure against the sample alone
     */
    static Result of(EvaluationTable train, EvaluationTable synth, Path realFile, Path synthFile,
            EvaluationTable hold, CopyGuard copies) {
        int columns = train.header().size();
        Sdtype[] types = new Sdtype[columns];
        Column[] real = new Column[columns];
        Column[] synthetic = new Column[columns];
        Column[] holdout = hold == null ? null : new Column[columns];
        boolean idChosen = false;
        for (int c = 0; c < columns; c++) {
            ColumnProfile profile = new ColumnProfile(train.header().get(c), null, 0);
            long line = 1;
            for (String[] row : train.rows()) {
                profile.accept(row[c], line++);
            }
            ColumnType type = profile.resolveType();
            String pattern = type == ColumnType.DATETIME ? profile.datePattern() : null;
            real[c] = Column.of(train.rows(), c, type, pattern);
            types[c] = real[c].sdtype(type, train.rows().size());
            // SDV's primary key: the first candidate, an identifier column too when it qualifies
            if (!idChosen && real[c].primaryKeyCandidate(type == ColumnType.IDENTIFIER ? Sdtype.CATEGORICAL
                    : types[c], train.rows().size())) {
                types[c] = Sdtype.ID;
                idChosen = true;
            }
            synthetic[c] = Column.of(synth.rows(), c, type, pattern);
            if (holdout != null) {
                holdout[c] = Column.of(hold.rows(), c, type, pattern);
            }
        }
        // shapes and pairs over every row when a table was sampled
        Whole[] whole = train.rows().size() < train.totalRows() || synth.rows().size() < synth.totalRows()
                ? Whole.ofBoth(realFile, synthFile, types, real, synthetic, train.totalRows() + synth.totalRows())
                : null;

        double shapes = 0;
        int shapesScored = 0;
        for (int c = 0; c < columns; c++) {
            if (types[c] == Sdtype.ID) {
                continue;
            }
            double score = whole != null && whole[0].counted(c) && whole[1].counted(c)
                    ? Whole.shape(whole[0], whole[1], c)
                    : types[c].continuous() ? ksComplement(real[c].numbers, synthetic[c].numbers)
                            : tvComplement(real[c].labels, synthetic[c].labels);
            if (!Double.isNaN(score)) {
                shapes += score;
                shapesScored++;
            }
        }
        double pairs = 0;
        int pairsScored = 0;
        for (int a = 0; a < columns; a++) {
            for (int b = a + 1; b < columns; b++) {
                if (types[a] == Sdtype.ID || types[b] == Sdtype.ID) {
                    continue;
                }
                double score = whole == null || !whole[0].counted(a, b) || !whole[1].counted(a, b)
                        ? pairScore(types[a], types[b], real[a], real[b], synthetic[a], synthetic[b])
                        : types[a].continuous() && types[b].continuous()
                                ? Whole.correlationSimilarity(whole[0], whole[1], a, b)
                                : 1 - Whole.contingencyDistance(whole[0], whole[1], a, b);
                if (!Double.isNaN(score)) {
                    pairs += score;
                    pairsScored++;
                }
            }
        }
        Double shapeScore = shapesScored == 0 ? null : Evaluator.round(shapes / shapesScored);
        Double pairScore = pairsScored == 0 ? null : Evaluator.round(pairs / pairsScored);
        Double overall = shapeScore == null ? null
                : pairScore == null ? shapeScore : Evaluator.round((shapes / shapesScored + pairs / pairsScored) / 2);
        Map<String, String> sdtypes = new LinkedHashMap<>();
        for (int c = 0; c < columns; c++) {
            sdtypes.put(train.header().get(c), types[c].metadataName());
        }
        return new Result(new Report.Sdmetrics(overall, shapeScore, pairScore, sdtypes),
                DcrBaseline.of(types, real, synthetic, holdout,
                        copies == null ? r -> false : r -> copies.copies(synth.rows().get(r)),
                        copies == null || hold == null ? r -> false : r -> copies.copies(hold.rows().get(r))));
    }

    /**
     * @param quality the quality report's score
     * @param dcrBaseline SDMetrics' DCRBaselineProtection on the same sdtypes, or {@code null} when no column is scored
     */
    record Result(Report.Sdmetrics quality, Report.DcrBaselineProtection dcrBaseline) {
    }

    private static double pairScore(Sdtype typeA, Sdtype typeB, Column realA, Column realB, Column synthA,
            Column synthB) {
        if (typeA.continuous() && typeB.continuous()) {
            if (realA.distinct == 1 || realB.distinct == 1 || synthA.distinct == 1 || synthB.distinct == 1) {
                return Double.NaN;
            }
            double r = pearsonMissingAsZero(realA.numbers, realB.numbers);
            double s = pearsonMissingAsZero(synthA.numbers, synthB.numbers);
            return 1 - Math.abs(r - s) / 2; // NaN when either is
        }
        Object[] realFirst = typeA.continuous() ? realA.bins : realA.labels;
        Object[] realSecond = typeB.continuous() ? realB.bins : realB.labels;
        Object[] synthFirst = typeA.continuous() ? synthA.bins : synthA.labels;
        Object[] synthSecond = typeB.continuous() ? synthB.bins : synthB.labels;
        return 1 - totalVariation(realFirst, realSecond, synthFirst, synthSecond);
    }

    /** 1 − the two-sample Kolmogorov–Smirnov statistic of the values that are not missing; NaN when a side has none. */
    static double ksComplement(double[] real, double[] synthetic) {
        double[] x = present(real);
        double[] y = present(synthetic);
        if (x.length == 0 || y.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double value = Math.min(x[i], y[j]);
            while (i < x.length && x[i] == value) {
                i++;
            }
            while (j < y.length && y[j] == value) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return 1 - d;
    }

    /** 1 − the total variation distance of the labels that are not missing; NaN when a side has none. */
    static double tvComplement(String[] real, String[] synthetic) {
        return tvComplement(counts(real), counts(synthetic));
    }

    /** As {@link #tvComplement(String[], String[])}, of labels already counted (missing values left out). */
    private static double tvComplement(Map<String, long[]> real, Map<String, long[]> synthetic) {
        long realCount = real.values().stream().mapToLong(v -> v[0]).sum();
        long synthCount = synthetic.values().stream().mapToLong(v -> v[0]).sum();
        if (realCount == 0 || synthCount == 0) {
            return Double.NaN;
        }
        Set<String> all = new HashSet<>(real.keySet());
        all.addAll(synthetic.keySet());
        double sum = 0;
        for (String label : all) {
            sum += Math.abs(real.getOrDefault(label, new long[1])[0] / (double) realCount
                    - synthetic.getOrDefault(label, new long[1])[0] / (double) synthCount);
        }
        return 1 - sum / 2;
    }

    private static Map<String, long[]> counts(String[] labels) {
        Map<String, long[]> counts = new HashMap<>();
        for (String label : labels) {
            if (label != null) {
                counts.computeIfAbsent(label, l -> new long[1])[0]++;
            }
        }
        return counts;
    }

    /**
     * Pearson's r with missing values as 0, and 0 when a column does not vary, as SDMetrics computes it; NaN (the pair
     * not scored) under two rows, where SciPy refuses.
     */
    static double pearsonMissingAsZero(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += zeroIfMissing(x[i]);
            meanY += zeroIfMissing(y[i]);
        }
        meanX /= n;
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = zeroIfMissing(x[i]) - meanX;
            double dy = zeroIfMissing(y[i]) - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return 0;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** @return {@code [smallest, largest]} of the values that are not NaN; smallest above largest when none is */
    static double[] extent(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new double[] { min, max };
    }

    /**
     * @return each value's bin among 10 equal-width bins between the column's smallest and largest value, numbered as
     *         {@code numpy.digitize} numbers them: 1 to 10, and 11 for the largest value and for missing values
     */
    static Integer[] digitize(double[] values) {
        double[] extent = extent(values);
        double[] edges = edges(extent[0], extent[1]);
        Integer[] bins = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            bins[i] = bin(edges, values[i]);
        }
        return bins;
    }

    /**
     * @param min the smallest value, or +∞ when there is none
     * @param max the largest value, or -∞ when there is none
     * @return {@code numpy.histogram_bin_edges} of such values: 11 edges, 0 to 1 without values, ± 0.5 around one
     */
    private static double[] edges(double min, double max) {
        if (min > max) {
            min = 0;
            max = 1;
        } else if (min == max) {
            min -= 0.5;
            max += 0.5;
        }
        double[] edges = new double[BINS + 1];
        double step = (max - min) / BINS;
        for (int i = 0; i < BINS; i++) {
            edges[i] = min + i * step;
        }
        edges[BINS] = max;
        return edges;
    }

    /** @return {@code numpy.digitize}: how many edges are at most the value; a missing value past them all */
    private static int bin(double[] edges, double value) {
        if (Double.isNaN(value)) {
            return edges.length;
        }
        int count = 0;
        while (count < edges.length && edges[count] <= value) {
            count++;
        }
        return count;
    }

    /** Total variation distance of two tables' joint values of two columns; a missing value is a value. */
    private static double totalVariation(Object[] realA, Object[] realB, Object[] synthA, Object[] synthB) {
        Map<List<Object>, double[]> shares = new HashMap<>();
        for (int i = 0; i < realA.length; i++) {
            shares.computeIfAbsent(Arrays.asList(realA[i], realB[i]), k -> new double[2])[0] += 1.0 / realA.length;
        }
        for (int i = 0; i < synthA.length; i++) {
            shares.computeIfAbsent(Arrays.asList(synthA[i], synthB[i]), k -> new double[2])[1] += 1.0 / synthA.length;
        }
        double sum = 0;
        for (double[] share : shares.values()) {
            sum += Math.abs(share[0] - share[1]);
        }
        return realA.length == 0 || synthA.length == 0 ? (realA.length == synthA.length ? 0 : 1) : sum / 2;
    }

    private static double zeroIfMissing(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static double[] present(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    /**
     * What SDMetrics reads of every row of a table that was sampled, in two passes over each table. The first counts
     * each number column's values into the cells between the samples' distinct values (at most {@value #MAX_GRID},
     * so the Kolmogorov–Smirnov statistic is taken at each: exact for a table against itself, otherwise short of the
     * exact one by at most one cell's share), keeps its smallest and largest value and the sums of every pair's
     * correlation (missing values as 0), and counts each label column's labels, up to {@value #MAX_LABELS} (beyond,
     * its shape comes from the samples). The second, once each table's bins are known from its smallest and largest
     * values, counts every other pair's cells. Pairs whose cells would pass the shared {@link PairCells.Allowance}, pairs
     * with a column of more than {@value #MAX_LABELS} labels, and every pair when counting them would take more than
     * {@link Evaluator.WholeCounts#MAX_PAIR_UPDATES} updates are scored on the samples, as SDMetrics itself subsamples
     * them to 50,000 rows. Memory grows with the samples, the labels and the cells, not the rows.
     */
    private static final class Whole {
        static final int MAX_LABELS = 20_000;
        static final int MAX_GRID = 20_000;

        private final Sdtype[] types;
        private final double[][] grid;
        private final long[][] cells;
        private final List<Map<String, long[]>> labels = new ArrayList<>();
        private final long[] present;
        private final double[] min;
        private final double[] max;
        /** Per pair of number columns: n, Σx, Σy, Σx², Σy², Σxy of the values less the column's shift. */
        private final double[][] sums;
        /** Each number column's first value in this table (missing as 0), which the sums are taken from. */
        private final double[] shift;
        /** Per pair with a label column, its cells by the first column's code and the second's; null when dropped. */
        private final PairCells[] pairCells;
        private final boolean countPairs;
        private long rows;

        private Whole(Sdtype[] types, double[][] grid, boolean countPairs) {
            int columns = types.length;
            this.types = types;
            this.countPairs = countPairs;
            this.grid = grid;
            shift = new double[columns];
            cells = new long[columns][];
            present = new long[columns];
            min = new double[columns];
            max = new double[columns];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            sums = new double[columns * columns][];
            pairCells = new PairCells[columns * columns];
            for (int c = 0; c < columns; c++) {
                cells[c] = grid[c] == null ? null : new long[grid[c].length + 1];
                labels.add(types[c] == Sdtype.CATEGORICAL || types[c] == Sdtype.BOOLEAN ? new HashMap<>() : null);
                for (int d = c + 1; d < columns && countPairs; d++) {
                    if (grid[c] != null && grid[d] != null) {
                        sums[c * columns + d] = new double[6];
                    } else if (coded(types, grid, c) && coded(types, grid, d)) {
                        pairCells[c * columns + d] = new PairCells();
                    }
                }
            }
        }

        /** @return whether column {@code c} is counted: labels, or numbers the samples hold some of */
        private static boolean coded(Sdtype[] types, double[][] grid, int c) {
            return types[c] != Sdtype.ID && (!types[c].continuous() || grid[c] != null);
        }

        /** @param rows both tables' rows together, which bound the pair updates */
        static Whole[] ofBoth(Path realFile, Path synthFile, Sdtype[] types, Column[] real, Column[] synthetic,
                long rows) {
            int n = types.length;
            double[][] grid = new double[n][];
            for (int c = 0; c < n; c++) {
                if (types[c].continuous()) {
                    grid[c] = grid(real[c].numbers, synthetic[c].numbers);
                }
            }
            boolean countPairs = (long) n * (n - 1) / 2 * rows <= Evaluator.WholeCounts.MAX_PAIR_UPDATES;
            Whole[] both = { read(realFile, types, real, grid, countPairs),
                    read(synthFile, types, real, grid, countPairs) };
            PairCells.Allowance allowance = new PairCells.Allowance();
            List<Map<String, Integer>> codes = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                codes.add(new HashMap<>());
            }
            if (countPairs) {
                boolean[] wide = new boolean[n];
                both[0].countPairs(realFile, real, codes, wide, allowance, both[1]);
                both[1].countPairs(synthFile, real, codes, wide, allowance, both[0]);
            }
            return both;
        }

        /**
         * @return the distinct values of both samples, sorted; at most {@value #MAX_GRID} of them, evenly by rank;
         *         {@code null} when the samples hold none
         */
        private static double[] grid(double[] real, double[] synthetic) {
            double[] all = java.util.stream.DoubleStream.concat(Arrays.stream(present(real)),
                    Arrays.stream(present(synthetic))).sorted().distinct().toArray();
            if (all.length == 0) {
                return null;
            }
            if (all.length <= MAX_GRID) {
                return all;
            }
            double[] thinned = new double[MAX_GRID];
            for (int i = 0; i < MAX_GRID; i++) {
                thinned[i] = all[(int) ((long) (i + 1) * all.length / MAX_GRID) - 1];
            }
            return thinned;
        }

        /** The second pass: every pair with a label column, numbers in bins of this table's own range. */
        private void countPairs(Path file, Column[] columns, List<Map<String, Integer>> codes, boolean[] wide,
                PairCells.Allowance allowance, Whole other) {
            int n = types.length;
            double[][] edges = new double[n][];
            for (int c = 0; c < n; c++) {
                if (grid[c] != null) {
                    edges[c] = edges(min[c], max[c]);
                }
            }
            int[] code = new int[n];
            TableReader.read(file, (fields, line) -> {
                for (int c = 0; c < n; c++) {
                    if (edges[c] != null) {
                        code[c] = bin(edges[c], columns[c].parse(fields[c]));
                    } else if (coded(types, grid, c) && !wide[c]) {
                        String label = columns[c].label(fields[c]);
                        Map<String, Integer> known = codes.get(c);
                        Integer existing = label == null ? Integer.valueOf(0) : known.get(label);
                        if (existing == null && known.size() >= MAX_LABELS) {
                            // a column of this many labels: its pairs come from the samples
                            wide[c] = true;
                            known.clear();
                            for (int d = 0; d < n; d++) {
                                if (d != c) {
                                    drop(Math.min(c, d) * n + Math.max(c, d), allowance, other);
                                }
                            }
                            continue;
                        }
                        code[c] = existing != null ? existing : known.computeIfAbsent(label, l -> known.size() + 1);
                    }
                }
                for (int a = 0; a < n; a++) {
                    for (int b = a + 1; b < n; b++) {
                        PairCells pair = pairCells[a * n + b];
                        if (pair != null && !pair.add(code[a], code[b], allowance)) {
                            drop(a * n + b, allowance, other);
                        }
                    }
                }
            }, header -> {
            });
        }

        /** A pair left to the samples: both tables' counts of it give their memory back. */
        private void drop(int pair, PairCells.Allowance allowance, Whole other) {
            for (Whole table : new Whole[] { this, other }) {
                if (table.pairCells[pair] != null) {
                    table.pairCells[pair].release(allowance);
                    table.pairCells[pair] = null;
                }
            }
        }

        private static Whole read(Path file, Sdtype[] types, Column[] real, double[][] grid, boolean countPairs) {
            Whole whole = new Whole(types, grid, countPairs);
            double[] values = new double[types.length];
            TableReader.read(file, (fields, line) -> {
                for (int c = 0; c < types.length; c++) {
                    if (grid[c] != null) {
                        values[c] = real[c].parse(fields[c]);
                    } else if (whole.labels.get(c) != null) {
                        whole.count(c, real[c].label(fields[c]));
                    }
                }
                whole.add(values);
            }, header -> {
            });
            return whole;
        }

        private void count(int c, String label) {
            Map<String, long[]> counts = labels.get(c);
            if (label == null) {
                return;
            }
            long[] count = counts.get(label);
            if (count == null) {
                if (counts.size() >= MAX_LABELS) {
                    labels.set(c, null);
                    return;
                }
                counts.put(label, count = new long[1]);
            }
            count[0]++;
        }

        private void add(double[] values) {
            int columns = types.length;
            if (rows++ == 0) {
                for (int c = 0; c < columns; c++) {
                    shift[c] = grid[c] == null ? 0 : zeroIfMissing(values[c]);
                }
            }
            for (int c = 0; c < columns; c++) {
                if (grid[c] == null) {
                    continue;
                }
                double v = values[c];
                if (!Double.isNaN(v)) {
                    present[c]++;
                    min[c] = Math.min(min[c], v);
                    max[c] = Math.max(max[c], v);
                    int cell = Arrays.binarySearch(grid[c], v);
                    cells[c][cell >= 0 ? cell : -cell - 1]++;
                }
                for (int d = c + 1; d < columns && countPairs; d++) {
                    double[] pair = sums[c * columns + d];
                    if (pair != null) {
                        double x = zeroIfMissing(v) - shift[c];
                        double y = zeroIfMissing(values[d]) - shift[d];
                        pair[0]++;
                        pair[1] += x;
                        pair[2] += y;
                        pair[3] += x * x;
                        pair[4] += y * y;
                        pair[5] += x * y;
                    }
                }
            }
        }

        boolean counted(int c) {
            return grid[c] != null || labels.get(c) != null;
        }

        /** @return whether the pair's correlation sums or cells cover every row */
        boolean counted(int a, int b) {
            int p = a * types.length + b;
            return sums[p] != null || pairCells[p] != null;
        }

        /** The total variation distance of the pair's cells, every row of both tables counted. */
        static double contingencyDistance(Whole real, Whole synth, int a, int b) {
            int p = a * real.types.length + b;
            return PairCells.totalVariation(real.pairCells[p].cells(), real.rows, synth.pairCells[p].cells(),
                    synth.rows);
        }

        /** As {@link #ksComplement} or {@link #tvComplement}, over every row of both tables. */
        static double shape(Whole real, Whole synth, int c) {
            if (real.grid[c] != null) {
                if (real.present[c] == 0 || synth.present[c] == 0) {
                    return Double.NaN;
                }
                long below = 0;
                long synthBelow = 0;
                double d = 0;
                for (int i = 0; i < real.cells[c].length; i++) {
                    below += real.cells[c][i];
                    synthBelow += synth.cells[c][i];
                    d = Math.max(d, Math.abs((double) below / real.present[c] - (double) synthBelow / synth.present[c]));
                }
                return 1 - d;
            }
            return tvComplement(real.labels.get(c), synth.labels.get(c));
        }

        /** As the samples' correlation similarity, over every row of both tables. */
        static double correlationSimilarity(Whole real, Whole synth, int a, int b) {
            if (real.constant(a) || real.constant(b) || synth.constant(a) || synth.constant(b)) {
                return Double.NaN;
            }
            return 1 - Math.abs(real.pearson(a, b) - synth.pearson(a, b)) / 2;
        }

        private boolean constant(int c) {
            return present[c] > 0 && min[c] == max[c];
        }

        /** As {@link #pearsonMissingAsZero}: NaN under two rows, 0 when a column does not vary. */
        private double pearson(int a, int b) {
            double[] s = sums[a * types.length + b];
            double n = s[0];
            if (n < 2) {
                return Double.NaN;
            }
            if (present[a] == 0 || present[b] == 0) {
                return 0;
            }
            double sxx = s[3] - s[1] * s[1] / n;
            double syy = s[4] - s[2] * s[2] / n;
            double sxy = s[5] - s[1] * s[2] / n;
            if (sxx <= 0 || syy <= 0) {
                return 0;
            }
            return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
        }
    }

    /**
     * One column of one table as SDMetrics sees it after pandas read it: numbers (dates as instants, missing as NaN)
     * and labels (numbers by their value, so {@code 1} and {@code 1.0} are one label; missing as {@code null}).
     */
    record Column(double[] numbers, String[] labels, ColumnType type, String datePattern,
            DateTimeFormatter formatter, Integer[] bins, int distinct) {

        /**
         * @return the column of these rows, with its numbers' bins (for a number or date column) and count of distinct
         *         numbers worked out once, not for every pair
         */
        static Column of(List<String[]> rows, int c, ColumnType type, String datePattern) {
            DateTimeFormatter formatter = datePattern == null ? null : DateFormats.formatter(datePattern);
            Column reader = new Column(null, null, type, datePattern, formatter, null, 0);
            double[] numbers = new double[rows.size()];
            String[] labels = new String[rows.size()];
            Set<Double> distinct = new HashSet<>();
            for (int r = 0; r < rows.size(); r++) {
                String value = rows.get(r)[c];
                numbers[r] = reader.parse(value);
                labels[r] = reader.label(value);
                if (!Double.isNaN(numbers[r])) {
                    distinct.add(numbers[r]);
                }
            }
            return new Column(numbers, labels, type, datePattern, formatter, type.numeric() ? digitize(numbers) : null,
                    distinct.size());
        }

        /** @return the value as a number (a date as its instant), NaN when missing or not a number */
        double parse(String value) {
            return missing(value) ? Double.NaN : number(value, type, datePattern, formatter);
        }

        /** @return the value as a label (a number by its value), {@code null} when missing */
        String label(String value) {
            if (missing(value)) {
                return null;
            }
            if (type == ColumnType.BOOLEAN && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
                return value.toLowerCase(Locale.ROOT); // pandas reads True, TRUE and true as one value
            }
            return type == ColumnType.INTEGER || type == ColumnType.DECIMAL
                    ? label(number(value, type, datePattern, formatter), value)
                    : value;
        }

        private static boolean missing(String value) {
            return value.isEmpty() || ColumnProfile.MISSING_TOKENS.contains(value);
        }

        private static double number(String value, ColumnType type, String datePattern, DateTimeFormatter formatter) {
            if (type == ColumnType.DATETIME) {
                // in nanoseconds, as pandas converts dates to numbers: a constant date's bins then come out as numpy
                // makes them at that scale
                Long instant = DateFormats.parse(value, datePattern, formatter);
                double nanos = DateFormats.hasTime(datePattern) ? 1e9 / DateFormats.unitsPerSecond(datePattern)
                        : 86_400e9;
                return instant == null ? Double.NaN : instant * nanos;
            }
            if (type == ColumnType.INTEGER || type == ColumnType.DECIMAL) {
                try {
                    return Double.parseDouble(value) + 0.0; // -0 and 0 are one value
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
            return Double.NaN;
        }

        static String label(double number, String value) {
            if (Double.isNaN(number)) {
                return value;
            }
            return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number)
                    : Double.toString(number);
        }

        Sdtype sdtype(ColumnType type, int rows) {
            return switch (type) {
                case BOOLEAN -> Sdtype.BOOLEAN;
                case DATETIME -> Sdtype.DATETIME;
                case IDENTIFIER -> Sdtype.ID;
                case CATEGORICAL -> Sdtype.CATEGORICAL;
                case INTEGER, DECIMAL -> rows > MIN_ROWS_FOR_PREDICTION && wholeAndNonNegative()
                        && distinct <= Math.min(Math.rint(rows / 10.0), 10) ? Sdtype.CATEGORICAL
                                : Sdtype.NUMERICAL;
            };
        }

        /** SDV's primary-key candidate: unique, never missing, and labels or whole non-negative numbers. */
        boolean primaryKeyCandidate(Sdtype sdtype, int rows) {
            if (rows <= MIN_ROWS_FOR_PREDICTION || Arrays.stream(labels).anyMatch(Objects::isNull)) {
                return false;
            }
            boolean unique = new HashSet<>(Arrays.asList(labels)).size() == labels.length;
            return unique && (sdtype == Sdtype.CATEGORICAL
                    || sdtype == Sdtype.NUMERICAL && wholeAndNonNegative());
        }

        private boolean wholeAndNonNegative() {
            for (double v : numbers) {
                if (!Double.isNaN(v) && (v < 0 || v != Math.rint(v))) {
                    return false;
                }
            }
            return true;
        }
    }
}
