package dev.airlock.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Measures a synthetic table against the training table and a holdout the synthesizer never saw, with the
 * definitions of SDMetrics and of the project's independent judge ({@code ../shared/tools/judge.py}), so the numbers
 * can be compared. Column shapes and pair trends count every row of the training and synthetic tables
 * ({@link WholeCounts}); the ML utility, the distances and the plots work on uniform samples of at most
 * {@link #MAX_ROWS} rows per table; copy rates hash every row.
 */
public final class Evaluator {

    /** Rows of each table the sampled measures (utility, distances, plots) use at most. */
    public static final int MAX_ROWS = 50_000;
    static final int NUMERIC_BINS = 20;
    static final int NUMERIC_MIN_DISTINCT = 25;
    static final int DISTANCE_SAMPLE = 2_000;
    static final int DISTANCE_REFERENCE = 10_000;
    private static final String MISSING = "nan";
    private static final String OTHER = "(other)";

    private Evaluator() {
    }

    /**
     * @param real the training table
     * @param holdout rows of the same population the synthesizer did not see
     * @param synthetic the synthetic table
     * @param target a column to predict for the ML-utility score, or {@code null}
     * @param k histogram bins standing for fewer real rows are pooled
     * @return the report
     * @throws InvalidInputException when the tables' columns differ or the target is not a column
     */
    public static Report evaluate(Path real, Path holdout, Path synthetic, String target, int k) {
        EvaluationTable train = EvaluationTable.read(real, MAX_ROWS, 1);
        EvaluationTable hold = EvaluationTable.read(holdout, MAX_ROWS, 2);
        EvaluationTable synth = EvaluationTable.read(synthetic, MAX_ROWS, 3);
        if (!train.header().equals(hold.header())) {
            throw new InvalidInputException("the holdout table's columns differ from the training table's");
        }
        if (!train.header().equals(synth.header())) {
            throw new InvalidInputException("the synthetic table's columns differ from the training table's");
        }
        int targetColumn = target == null ? -1 : train.header().indexOf(target);
        if (target != null && targetColumn < 0) {
            throw new InvalidInputException("target column " + target + " is not a column of the table");
        }
        Discretized d = new Discretized(train, hold, synth);
        // shapes and pair trends over every row when a table was sampled: on a sample of 50,000 rows alone two draws
        // of the same population score 0.91 on the generated 1M-row table, where the whole tables score 0.97
        WholeCounts[] whole = train.totalRows() > MAX_ROWS || synth.totalRows() > MAX_ROWS
                ? WholeCounts.ofBoth(real, synthetic, d, train.totalRows() + synth.totalRows())
                : null;

        List<Report.ColumnScore> columnScores = new ArrayList<>();
        double shapes = 0;
        for (int c = 0; c < d.columns; c++) {
            double score = 1 - distance(d, whole, c, c);
            columnScores.add(new Report.ColumnScore(train.header().get(c), round(score)));
            shapes += score;
        }
        shapes /= d.columns;
        double pairs = 0;
        int pairCount = 0;
        for (int a = 0; a < d.columns; a++) {
            for (int b = a + 1; b < d.columns; b++) {
                pairs += 1 - distance(d, whole, a, b);
                pairCount++;
            }
        }
        pairs = pairCount == 0 ? shapes : pairs / pairCount;
        whole = null; // its counts go before SDMetrics' passes take their own allowance
        // over every row, not the samples: a copy of a row outside the sample is still a copy
        CopyGuard copies = CopyGuard.of(real, holdout);
        SdmetricsQuality.Result sdmetrics = SdmetricsQuality.of(train, synth, real, synthetic, hold, copies);
        Report.MlUtility utility = null;
        if (targetColumn >= 0 && d.numeric(targetColumn)) {
            Regressor regressor = Regressor.of(d, targetColumn);
            utility = Report.MlUtility.regression(target,
                    regressor.r2(d.train, train.rows(), targetColumn, d.hold, hold.rows()),
                    regressor.r2(d.synth, synth.rows(), targetColumn, d.hold, hold.rows()));
        } else if (targetColumn >= 0) {
            utility = Report.MlUtility.classification(target, Classifier.auc(d, d.train, targetColumn),
                    Classifier.auc(d, d.synth, targetColumn));
        }
        Report.Quality quality = new Report.Quality(round(shapes), round(pairs), round((shapes + pairs) / 2),
                columnScores, utility, sdmetrics.quality());
        Report.Privacy privacy = privacy(copies, synthetic, d, sdmetrics.dcrBaseline());
        Report.Plots plots = new Report.Plots(histograms(d, train.header(), k),
                new Report.Associations(train.header(), cramersV(d, d.train), cramersV(d, d.synth)));
        return new Report("airlock-report", 1, new Report.Rows(train.totalRows(), hold.totalRows(),
                synth.totalRows(), MAX_ROWS), quality, privacy, plots);
    }

    private static Report.Privacy privacy(CopyGuard copies, Path syntheticFile, Discretized d,
            Report.DcrBaselineProtection dcrBaseline) {
        double copyRate = copies.copyRate(syntheticFile);
        double natural = copies.naturalRate();

        SplittableRandom random = new SplittableRandom(0);
        int m = Math.min(DISTANCE_REFERENCE, Math.min(d.train.length, d.hold.length));
        int[][] synthetic = sample(d.synth, Math.min(DISTANCE_SAMPLE, d.synth.length), random);
        int[][] trainReference = sample(d.train, m, random);
        int[][] holdReference = Arrays.copyOf(d.hold, m);
        int closer = 0;
        int decided = 0;
        for (int[] row : synthetic) {
            int toTrain = nearest(row, trainReference);
            int toHold = nearest(row, holdReference);
            if (toTrain != toHold) {
                decided++;
                if (toTrain < toHold) {
                    closer++;
                }
            }
        }
        double share = decided == 0 ? 0.5 : (double) closer / decided;

        int members = Math.min(DISTANCE_SAMPLE / 2, m);
        double[] memberScores = new double[members];
        double[] otherScores = new double[members];
        for (int i = 0; i < members; i++) {
            memberScores[i] = -nearest(trainReference[i], synthetic);
            otherScores[i] = -nearest(holdReference[i], synthetic);
        }
        return new Report.Privacy(round(copyRate), round(natural), round(share),
                round(auc(memberScores, otherScores)), dcrBaseline);
    }

    private static List<Report.Histogram> histograms(Discretized d, List<String> header, int k) {
        List<Report.Histogram> histograms = new ArrayList<>();
        for (int c = 0; c < d.columns; c++) {
            int size = d.labels.get(c).size();
            long[] real = new long[size];
            long[] synth = new long[size];
            for (int[] row : d.train) {
                real[row[c]]++;
            }
            for (int[] row : d.synth) {
                synth[row[c]]++;
            }
            List<String> labels = new ArrayList<>();
            List<Double> realShares = new ArrayList<>();
            List<Double> synthShares = new ArrayList<>();
            double otherReal = 0;
            double otherSynth = 0;
            for (int code : d.order(c)) {
                if (real[code] >= k) {
                    labels.add(d.labels.get(c).get(code));
                    realShares.add(real[code] / (double) d.train.length);
                    synthShares.add(synth[code] / (double) d.synth.length);
                } else {
                    otherReal += real[code] / (double) d.train.length;
                    otherSynth += synth[code] / (double) d.synth.length;
                }
            }
            if (otherReal > 0 || otherSynth > 0) {
                labels.add(OTHER);
                realShares.add(otherReal);
                synthShares.add(otherSynth);
            }
            histograms.add(new Report.Histogram(header.get(c), labels,
                    realShares.stream().mapToDouble(Evaluator::round).toArray(),
                    synthShares.stream().mapToDouble(Evaluator::round).toArray()));
        }
        return histograms;
    }

    private static double[][] cramersV(Discretized d, int[][] table) {
        double[][] v = new double[d.columns][d.columns];
        for (int a = 0; a < d.columns; a++) {
            v[a][a] = 1;
            for (int b = a + 1; b < d.columns; b++) {
                int ra = d.labels.get(a).size();
                int rb = d.labels.get(b).size();
                if ((long) ra * rb > 4_000_000) {
                    continue;
                }
                double[] joint = new double[ra * rb];
                double[] rowSums = new double[ra];
                double[] colSums = new double[rb];
                for (int[] row : table) {
                    joint[row[a] * rb + row[b]]++;
                    rowSums[row[a]]++;
                    colSums[row[b]]++;
                }
                double n = table.length;
                double chi = 0;
                int usedRows = 0;
                int usedCols = 0;
                for (double s : rowSums) {
                    usedRows += s > 0 ? 1 : 0;
                }
                for (double s : colSums) {
                    usedCols += s > 0 ? 1 : 0;
                }
                for (int i = 0; i < ra; i++) {
                    for (int j = 0; j < rb; j++) {
                        double expected = rowSums[i] * colSums[j] / n;
                        if (expected > 0) {
                            double diff = joint[i * rb + j] - expected;
                            chi += diff * diff / expected;
                        }
                    }
                }
                int degrees = Math.min(usedRows, usedCols) - 1;
                double value = degrees <= 0 || n == 0 ? 0 : Math.sqrt(chi / (n * degrees));
                v[a][b] = round(Math.min(1, value));
                v[b][a] = v[a][b];
            }
        }
        return v;
    }

    /**
     * @param whole the training and synthetic tables' whole counts, or {@code null} when the samples are the tables
     * @return the total variation of column {@code a} (when {@code a == b}) or of the pair, over the whole tables
     *         where they were counted in full, else over the samples
     */
    private static double distance(Discretized d, WholeCounts[] whole, int a, int b) {
        if (whole != null && whole[0].whole(a, b) && whole[1].whole(a, b)) {
            return WholeCounts.totalVariation(whole[0], whole[1], a, b);
        }
        return totalVariation(d.train, d.synth, a == b ? new int[] { a } : new int[] { a, b });
    }

    /** Total variation distance between the distributions of the given columns (jointly) in two tables. */
    static double totalVariation(int[][] a, int[][] b, int[] columns) {
        Map<Long, double[]> shares = new HashMap<>();
        for (int[] row : a) {
            shares.computeIfAbsent(key(row, columns), x -> new double[2])[0] += 1.0 / a.length;
        }
        for (int[] row : b) {
            shares.computeIfAbsent(key(row, columns), x -> new double[2])[1] += 1.0 / b.length;
        }
        double sum = 0;
        for (double[] pair : shares.values()) {
            sum += Math.abs(pair[0] - pair[1]);
        }
        return sum / 2;
    }

    private static long key(int[] row, int[] columns) {
        long key = 0;
        for (int c : columns) {
            key = key * 2_000_003L + row[c];
        }
        return key;
    }

    private static int nearest(int[] row, int[][] reference) {
        int best = Integer.MAX_VALUE;
        for (int[] other : reference) {
            int distance = 0;
            for (int c = 0; c < row.length && distance < best; c++) {
                if (row[c] != other[c]) {
                    distance++;
                }
            }
            if (distance < best) {
                best = distance;
                if (best == 0) {
                    break;
                }
            }
        }
        return best;
    }

    private static int[][] sample(int[][] rows, int size, SplittableRandom random) {
        int[] indexes = new int[rows.length];
        Arrays.setAll(indexes, i -> i);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(rows.length - i);
            int swap = indexes[i];
            indexes[i] = indexes[j];
            indexes[j] = swap;
        }
        int[][] sample = new int[size][];
        for (int i = 0; i < size; i++) {
            sample[i] = rows[indexes[i]];
        }
        return sample;
    }

    /** Mann-Whitney ROC AUC of positive against negative scores, ties counted half. */
    static double auc(double[] positive, double[] negative) {
        if (positive.length == 0 || negative.length == 0) {
            return 0.5;
        }
        double[] sorted = negative.clone();
        Arrays.sort(sorted);
        double wins = 0;
        for (double p : positive) {
            int below = lowerBound(sorted, p);
            int notAbove = upperBound(sorted, p);
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / ((double) positive.length * negative.length);
    }

    private static int lowerBound(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int upperBound(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /** The three tables with every value replaced by the code of its discretised label. */
    static final class Discretized {
        final int columns;
        final List<List<String>> labels = new ArrayList<>();
        final int[][] train;
        final int[][] hold;
        final int[][] synth;
        private final List<Map<String, Integer>> codes = new ArrayList<>();
        private final List<double[]> edges = new ArrayList<>();
        /** Each numeric column's bin labels, made once. */
        private final List<String[]> binLabels = new ArrayList<>();
        private final Map<String, Integer> binOrder = new HashMap<>();

        Discretized(EvaluationTable train, EvaluationTable hold, EvaluationTable synth) {
            columns = train.header().size();
            for (int c = 0; c < columns; c++) {
                edges.add(numericEdges(train.rows(), c));
                binLabels.add(edges.get(c) == null ? null : new String[edges.get(c).length - 1]);
                codes.add(new HashMap<>());
                labels.add(new ArrayList<>());
            }
            this.train = encode(train.rows());
            this.hold = encode(hold.rows());
            this.synth = encode(synth.rows());
        }

        /** @return whether column {@code c} is cut into quantile bins: numbers, more than 25 of them */
        boolean numeric(int c) {
            return edges.get(c) != null;
        }

        /** @return the codes of column {@code c}: numeric bins in order, labels sorted, missing last */
        int[] order(int c) {
            List<String> columnLabels = labels.get(c);
            Integer[] order = new Integer[columnLabels.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (x, y) -> {
                String a = columnLabels.get(x);
                String b = columnLabels.get(y);
                int byMissing = Boolean.compare(a.equals(MISSING), b.equals(MISSING));
                if (byMissing != 0 || edges.get(c) == null) {
                    return byMissing != 0 ? byMissing : a.compareTo(b);
                }
                return Integer.compare(binOrder.getOrDefault(c + "\u0000" + a, 0), binOrder.getOrDefault(c + "\u0000" + b, 0));
            });
            return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        }

        private int[][] encode(List<String[]> rows) {
            int[][] encoded = new int[rows.size()][];
            for (int r = 0; r < rows.size(); r++) {
                String[] row = rows.get(r);
                int[] codesOfRow = new int[columns];
                for (int c = 0; c < columns; c++) {
                    String label = label(row[c], c);
                    List<String> columnLabels = labels.get(c);
                    codesOfRow[c] = codes.get(c).computeIfAbsent(label, l -> {
                        columnLabels.add(l);
                        return columnLabels.size() - 1;
                    });
                }
                encoded[r] = codesOfRow;
            }
            return encoded;
        }

        /**
         * @param unseen the codes given to labels of column {@code c} the samples do not have, after the samples' own
         * @return the code of a value of column {@code c}, or -1 when it is a new label and the column already has
         *         {@code limit} codes
         */
        int code(String value, int c, Map<String, Integer> unseen, int limit) {
            String label = label(value, c);
            Integer code = codes.get(c).get(label);
            if (code == null) {
                code = unseen.get(label);
            }
            if (code == null) {
                if (labels.get(c).size() + unseen.size() >= limit) {
                    return -1;
                }
                code = labels.get(c).size() + unseen.size();
                unseen.put(label, code);
            }
            return code;
        }

        private String label(String value, int c) {
            if (value.isEmpty() || ColumnProfile.MISSING_TOKENS.contains(value)) {
                return MISSING;
            }
            double[] e = edges.get(c);
            if (e == null) {
                return value;
            }
            double number;
            try {
                number = Double.parseDouble(value);
            } catch (NumberFormatException ex) {
                return MISSING;
            }
            if (number < e[0] || number > e[e.length - 1]) {
                return MISSING;
            }
            int bin = Arrays.binarySearch(e, number);
            int index = bin >= 0 ? Math.max(0, bin - 1) : -bin - 2;
            index = Math.min(index, e.length - 2);
            String[] made = binLabels.get(c);
            if (made[index] == null) {
                // the outer edges are the smallest and largest training values: never written into a label
                made[index] = (index == 0 ? "(-inf" : "(" + e[index]) + ", "
                        + (index == e.length - 2 ? "+inf)" : e[index + 1] + "]");
                binOrder.putIfAbsent(c + "\u0000" + made[index], index);
            }
            return made[index];
        }

        /** Quantile edges as numpy's {@code unique(nanquantile(x, linspace(0, 1, 21)))}, or null if not numeric. */
        private static double[] numericEdges(List<String[]> rows, int c) {
            List<Double> values = new ArrayList<>();
            Set<Double> distinct = new TreeSet<>();
            for (String[] row : rows) {
                String value = row[c];
                if (value.isEmpty() || ColumnProfile.MISSING_TOKENS.contains(value)) {
                    continue;
                }
                try {
                    double number = Double.parseDouble(value);
                    values.add(number);
                    distinct.add(number);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (distinct.size() <= NUMERIC_MIN_DISTINCT) {
                return null;
            }
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            TreeSet<Double> edges = new TreeSet<>();
            for (int i = 0; i <= NUMERIC_BINS; i++) {
                edges.add(ColumnModel.quantile(sorted, (double) i / NUMERIC_BINS));
            }
            return edges.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /**
     * Counts of every column and every pair of columns over a whole table, read as a stream, on the samples'
     * discretisation (numeric edges from the training sample, codes shared between the tables). Memory grows with the
     * codes, not the rows, and is bounded: a column with more than {@value #MAX_LABELS} labels (identifiers, free text)
     * and pairs whose counts would pass the tables' shared {@link PairCells.Allowance} are left out, and so are all
     * pairs when counting them would take more than {@value #MAX_PAIR_UPDATES} updates; their scores come from the
     * samples.
     */
    static final class WholeCounts {
        static final int MAX_LABELS = 20_000;
        /** Pair counts updated at most, over both tables (some 15 s): 105 pairs of 1.8 million rows take 189 million. */
        static final long MAX_PAIR_UPDATES = 500_000_000L;

        private final int columns;
        private final int[][] single;
        private final PairCells[] pairs;
        private final boolean[] wideColumn;
        private final boolean[] widePair;
        private final PairCells.Allowance allowance;
        private long rows;

        private WholeCounts(int columns, boolean countPairs, PairCells.Allowance allowance) {
            this.columns = columns;
            this.allowance = allowance;
            single = new int[columns][0];
            pairs = new PairCells[columns * (columns - 1) / 2];
            Arrays.setAll(pairs, p -> new PairCells());
            wideColumn = new boolean[columns];
            widePair = new boolean[pairs.length];
            Arrays.fill(widePair, !countPairs);
        }

        /**
         * @param unseen per column, the codes of labels the samples do not have: shared by the tables compared
         * @param countPairs whether to count pairs at all
         */
        static WholeCounts of(Path table, Discretized d, List<Map<String, Integer>> unseen, boolean countPairs,
                PairCells.Allowance allowance) {
            WholeCounts counts = new WholeCounts(d.columns, countPairs, allowance);
            int[] codes = new int[d.columns];
            TableReader.read(table, (fields, line) -> {
                for (int c = 0; c < codes.length; c++) {
                    codes[c] = counts.wideColumn[c] ? -1 : d.code(fields[c], c, unseen.get(c), MAX_LABELS);
                    if (codes[c] < 0 && !counts.wideColumn[c]) {
                        counts.widen(c);
                    }
                }
                counts.add(codes);
            }, header -> {
            });
            return counts;
        }

        /**
         * @param rows the two tables' rows together, which bound the pair updates
         * @return the counts of the training and the synthetic table, sharing their unseen labels' codes and one
         *         allowance
         */
        static WholeCounts[] ofBoth(Path real, Path synthetic, Discretized d, long rows) {
            List<Map<String, Integer>> unseen = new ArrayList<>();
            for (int c = 0; c < d.columns; c++) {
                unseen.add(new HashMap<>());
            }
            boolean countPairs = (long) d.columns * (d.columns - 1) / 2 * rows <= MAX_PAIR_UPDATES;
            PairCells.Allowance allowance = new PairCells.Allowance();
            return new WholeCounts[] { of(real, d, unseen, countPairs, allowance),
                    of(synthetic, d, unseen, countPairs, allowance) };
        }

        /** @return whether column {@code a} (when {@code a == b}) or the pair {@code a < b} was counted in full */
        boolean whole(int a, int b) {
            return !wideColumn[a] && !wideColumn[b] && (a == b || !widePair[pair(a, b)]);
        }

        static double totalVariation(WholeCounts x, WholeCounts y, int a, int b) {
            int[][] cx = a == b ? new int[][] { x.single[a] } : x.pairs[x.pair(a, b)].cells();
            int[][] cy = a == b ? new int[][] { y.single[a] } : y.pairs[y.pair(a, b)].cells();
            return PairCells.totalVariation(cx, x.rows, cy, y.rows);
        }

        private int pair(int a, int b) {
            return a * columns - a * (a + 1) / 2 + (b - a - 1);
        }

        private void add(int[] codes) {
            rows++;
            for (int c = 0; c < columns; c++) {
                if (codes[c] >= 0) {
                    single[c] = PairCells.grow(single[c], codes[c]);
                    single[c][codes[c]]++;
                }
            }
            int p = 0;
            for (int a = 0; a < columns; a++) {
                for (int b = a + 1; b < columns; b++, p++) {
                    if (codes[a] >= 0 && codes[b] >= 0 && !widePair[p]
                            && !pairs[p].add(codes[a], codes[b], allowance)) {
                        drop(p);
                    }
                }
            }
        }

        /** A column past {@value #MAX_LABELS} labels: its counts are not whole, and its pairs give their memory back. */
        private void widen(int c) {
            wideColumn[c] = true;
            for (int other = 0; other < columns; other++) {
                if (other != c) {
                    drop(pair(Math.min(c, other), Math.max(c, other)));
                }
            }
        }

        private void drop(int p) {
            pairs[p].release(allowance);
            widePair[p] = true;
        }
    }
}
