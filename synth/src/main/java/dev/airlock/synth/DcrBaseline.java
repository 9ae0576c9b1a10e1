package dev.airlock.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * SDMetrics' DCRBaselineProtection: how far the synthetic rows lie from the training rows, against how far random rows
 * would. A row's distance to the closest record is the mean over the scored columns of a number's or date's absolute
 * difference divided by the training range (at most 1; 1 when only one is missing, 0 when both are) and a label's 0
 * when equal, 1 when not. Random rows draw each column uniformly: whole numbers between the training minimum and
 * maximum when the column is whole and never missing, other numbers and dates over that range, labels among the
 * training labels; each column missing at its training rate. The score is the median distance of the synthetic rows
 * over that of the random rows, at most 1 (1: random rows would protect no better); none when the random rows' median
 * is 0. Identifier columns are left out, as in SDMetrics. Both sides are uniform samples: at most
 * {@value #SYNTHETIC_ROWS} synthetic and as many random rows against at most {@value Evaluator#DISTANCE_REFERENCE}
 * training rows (SDMetrics compares every row, which takes it hours on large tables); a row equal to any training row
 * of the whole table, found by the copy guard's hashes, is at distance 0 even when the training sample lacks it, so a
 * copying synthesizer shows on a large table too.
 */
final class DcrBaseline {

    /**
     * Synthetic rows measured, and as many random ones: a median over 2,000 of them moved by 0.03 between draws on
     * birdstrikes, whose distances bunch at multiples of 1/14 (a label more or less), and the score by 0.05.
     */
    static final int SYNTHETIC_ROWS = 5_000;

    private DcrBaseline() {
    }

    /**
     * @param types each column's sdtype
     * @param real the training sample's columns
     * @param synthetic the synthetic sample's columns
     * @param holdout the holdout sample's columns, or {@code null}
     * @param synthCopies whether the synthetic sample's row of this index equals a training row of the whole table
     *        (its DCR is then 0, though the training rows measured against are a sample)
     * @param holdCopies the same for the holdout sample's rows
     * @return the score and the medians
     */
    static Report.DcrBaselineProtection of(SdmetricsQuality.Sdtype[] types, SdmetricsQuality.Column[] real,
            SdmetricsQuality.Column[] synthetic, SdmetricsQuality.Column[] holdout, IntPredicate synthCopies,
            IntPredicate holdCopies) {
        List<Integer> scored = new ArrayList<>();
        for (int c = 0; c < types.length; c++) {
            if (types[c] != SdmetricsQuality.Sdtype.ID) {
                scored.add(c);
            }
        }
        int realRows = real.length == 0 ? 0 : real[0].numbers().length;
        int synthRows = synthetic.length == 0 ? 0 : synthetic[0].numbers().length;
        if (scored.isEmpty() || realRows == 0 || synthRows == 0) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(11);
        int[] reference = sampleIndexes(realRows, Evaluator.DISTANCE_REFERENCE, random);
        int[] drawn = sampleIndexes(synthRows, SYNTHETIC_ROWS, random);
        int n = scored.size();
        boolean[] continuous = new boolean[n];
        double[] range = new double[n];
        double[][] refNumbers = new double[n][];
        String[][] refLabels = new String[n][];
        double[][] synthNumbers = new double[n][];
        String[][] synthLabels = new String[n][];
        double[][] randomNumbers = new double[n][];
        String[][] randomLabels = new String[n][];
        for (int i = 0; i < n; i++) {
            int c = scored.get(i);
            continuous[i] = types[c].continuous();
            refNumbers[i] = pick(real[c].numbers(), reference);
            refLabels[i] = pick(real[c].labels(), reference);
            synthNumbers[i] = pick(synthetic[c].numbers(), drawn);
            synthLabels[i] = pick(synthetic[c].labels(), drawn);
            range[i] = range(refNumbers[i]);
            randomNumbers[i] = new double[drawn.length];
            randomLabels[i] = new String[drawn.length];
            randomColumn(real[c], drawn.length, random, randomNumbers[i], randomLabels[i]);
        }
        double synthMedian = medianDistance(continuous, range, refNumbers, refLabels, synthNumbers, synthLabels,
                copiesAmong(drawn, synthCopies));
        double randomMedian = medianDistance(continuous, range, refNumbers, refLabels, randomNumbers, randomLabels,
                new boolean[drawn.length]);
        Double holdoutMedian = null;
        int holdRows = holdout == null ? 0 : holdout[0].numbers().length;
        if (holdRows > 0) {
            int[] held = sampleIndexes(holdRows, SYNTHETIC_ROWS, random);
            double[][] holdNumbers = new double[n][];
            String[][] holdLabels = new String[n][];
            for (int i = 0; i < n; i++) {
                holdNumbers[i] = pick(holdout[scored.get(i)].numbers(), held);
                holdLabels[i] = pick(holdout[scored.get(i)].labels(), held);
            }
            holdoutMedian = Evaluator.round(medianDistance(continuous, range, refNumbers, refLabels, holdNumbers,
                    holdLabels, copiesAmong(held, holdCopies)));
        }
        Double score = randomMedian == 0 ? null : Evaluator.round(Math.min(1, synthMedian / randomMedian));
        return new Report.DcrBaselineProtection(score, Evaluator.round(synthMedian), Evaluator.round(randomMedian),
                holdoutMedian);
    }

    /** Fills one column of random rows as SDMetrics' {@code _generate_random_data} draws it from the training one. */
    private static void randomColumn(SdmetricsQuality.Column real, int rows, SplittableRandom random, double[] numbers,
            String[] labels) {
        double[] values = real.numbers();
        long missing = Arrays.stream(real.labels()).filter(Objects::isNull).count();
        double missingRate = (double) missing / values.length;
        double[] extent = SdmetricsQuality.extent(values);
        double min = extent[0];
        double max = extent[1];
        boolean numeric = real.type() == ColumnType.INTEGER || real.type() == ColumnType.DECIMAL
                || real.type() == ColumnType.DATETIME;
        // pandas reads a whole-number column with a missing value as floats, and SDMetrics then draws floats
        boolean whole = real.type() == ColumnType.INTEGER && missing == 0;
        Set<String> distinct = new LinkedHashSet<>();
        for (String label : real.labels()) {
            if (label != null) {
                distinct.add(label);
            }
        }
        String[] choices = distinct.toArray(String[]::new);
        for (int r = 0; r < rows; r++) {
            if (random.nextDouble() < missingRate || numeric && min > max || !numeric && choices.length == 0) {
                numbers[r] = Double.NaN;
                labels[r] = null;
            } else if (numeric) {
                numbers[r] = whole ? min + random.nextLong((long) (max - min) + 1)
                        : min + random.nextDouble() * (max - min);
                labels[r] = SdmetricsQuality.Column.label(numbers[r], Double.toString(numbers[r]));
            } else {
                labels[r] = choices[random.nextInt(choices.length)];
                numbers[r] = Double.NaN;
            }
        }
    }

    /**
     * @return the median over the rows of their distance to the closest reference row; labels count first, so a
     *         reference row farther than the closest so far is mostly left after a few columns
     */
    private static double medianDistance(boolean[] continuous, double[] range, double[][] refNumbers,
            String[][] refLabels, double[][] numbers, String[][] labels, boolean[] copies) {
        int n = continuous.length;
        Integer[] columnOrder = new Integer[n];
        Arrays.setAll(columnOrder, i -> i);
        Arrays.sort(columnOrder, (x, y) -> Boolean.compare(continuous[x], continuous[y]));
        java.util.Map<String, Double> codes = new java.util.HashMap<>();
        double[][] reference = encode(columnOrder, continuous, range, refNumbers, refLabels, codes);
        double[][] rows = encode(columnOrder, continuous, range, numbers, labels, codes);
        boolean[] numeric = new boolean[n];
        boolean[] constant = new boolean[n];
        for (int i = 0; i < n; i++) {
            numeric[i] = continuous[columnOrder[i]];
            constant[i] = range[columnOrder[i]] == 0;
        }
        // each row's closest record on its own: the rows are shared out among the cores
        double[] closest = java.util.stream.IntStream.range(0, rows.length).parallel().mapToDouble(r -> {
            if (copies[r]) {
                return 0;
            }
            double[] row = rows[r];
            double best = Double.POSITIVE_INFINITY;
            for (int s = 0; s < reference.length && best > 0; s++) {
                double[] other = reference[s];
                double sum = 0;
                for (int i = 0; i < n && sum < best; i++) {
                    double a = row[i];
                    double b = other[i];
                    if (!numeric[i]) {
                        sum += a == b ? 0 : 1;
                        continue;
                    }
                    double d = Math.abs(a - b);
                    if (d != d) {
                        d = a != a && b != b ? 0 : 1; // missing on both sides, or on one
                    } else if (constant[i]) {
                        d = d > 0 ? 1 : 0;
                    } else if (d > 1) {
                        d = 1;
                    }
                    sum += d;
                }
                best = Math.min(best, sum);
            }
            return best / n;
        }).toArray();
        Arrays.sort(closest);
        int count = closest.length;
        return count % 2 == 1 ? closest[count / 2] : (closest[count / 2 - 1] + closest[count / 2]) / 2;
    }

    /**
     * @return the rows, each a value per column in {@code columnOrder}: a number divided by its column's range (NaN
     *         when missing; as it is for a constant column), a label by its code (missing a code of its own)
     */
    private static double[][] encode(Integer[] columnOrder, boolean[] continuous, double[] range, double[][] numbers,
            String[][] labels, java.util.Map<String, Double> codes) {
        int n = columnOrder.length;
        double[][] rows = new double[numbers[0].length][n];
        for (int i = 0; i < n; i++) {
            int c = columnOrder[i];
            for (int r = 0; r < rows.length; r++) {
                if (continuous[c]) {
                    rows[r][i] = range[c] == 0 ? numbers[c][r] : numbers[c][r] / range[c];
                } else {
                    String key = c + "\u0000" + (labels[c][r] == null ? "\u0001" : "\u0002" + labels[c][r]);
                    rows[r][i] = codes.computeIfAbsent(key, k -> (double) codes.size());
                }
            }
        }
        return rows;
    }

    private static double range(double[] values) {
        double[] extent = SdmetricsQuality.extent(values);
        return extent[0] > extent[1] ? 0 : extent[1] - extent[0];
    }

    /** @return up to {@code limit} distinct row indexes, uniformly; all of them, in order, when there are no more */
    private static int[] sampleIndexes(int rows, int limit, SplittableRandom random) {
        int[] all = new int[rows];
        Arrays.setAll(all, i -> i);
        if (rows <= limit) {
            return all;
        }
        for (int i = 0; i < limit; i++) {
            int j = i + random.nextInt(rows - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        return Arrays.copyOf(all, limit);
    }

    private static boolean[] copiesAmong(int[] indexes, IntPredicate copies) {
        boolean[] result = new boolean[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            result[i] = copies.test(indexes[i]);
        }
        return result;
    }

    private static double[] pick(double[] values, int[] indexes) {
        double[] picked = new double[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            picked[i] = values[indexes[i]];
        }
        return picked;
    }

    private static String[] pick(String[] values, int[] indexes) {
        String[] picked = new String[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            picked[i] = values[indexes[i]];
        }
        return picked;
    }
}
