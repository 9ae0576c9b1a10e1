package dev.airlock.synth;

import java.util.Arrays;
import java.util.List;

/**
 * The ML-utility probe for a numeric target: a ridge regression of the target's values on the other columns'
 * one-hot discretised values (the same codes the classifier uses), fitted on one table by its normal equations and
 * scored by R² on the holdout. Rows whose target is missing are left out of both.
 */
final class Regressor {

    /**
     * The most features in all; a column's rarer labels share one feature beyond its share of them, and columns that
     * would pass the total (past the 500th other column) are left out.
     */
    static final int MAX_FEATURES = 1_000;
    /** Ridge penalty, in rows: small beside any table, enough to make the one-hot columns' equations solvable. */
    private static final double RIDGE = 1.0;

    /** Per column, the feature of each code; {@code null} for the target. */
    private final int[][] features;
    private final int featureCount;

    private Regressor(int[][] features, int featureCount) {
        this.features = features;
        this.featureCount = featureCount;
    }

    /**
     * @return the features: each other column's codes, its most frequent in the training sample first, as many as
     *         its share of {@value #MAX_FEATURES} allows, the rest sharing one
     */
    static Regressor of(Evaluator.Discretized d, int target) {
        int perColumn = Math.max(2, MAX_FEATURES / Math.max(1, d.columns - 1));
        int[][] features = new int[d.columns][];
        int next = 0;
        for (int c = 0; c < d.columns; c++) {
            if (c == target || next + Math.min(d.labels.get(c).size(), perColumn) > MAX_FEATURES) {
                // beyond 500 other columns, the later ones are left out
                continue;
            }
            int codes = d.labels.get(c).size();
            long[] frequency = new long[codes];
            for (int[] row : d.train) {
                frequency[row[c]]++;
            }
            Integer[] byFrequency = new Integer[codes];
            Arrays.setAll(byFrequency, i -> i);
            Arrays.sort(byFrequency, (x, y) -> frequency[x] != frequency[y] ? Long.compare(frequency[y], frequency[x])
                    : Integer.compare(x, y));
            features[c] = new int[codes];
            int kept = Math.min(codes, codes > perColumn ? perColumn - 1 : perColumn);
            for (int rank = 0; rank < codes; rank++) {
                features[c][byFrequency[rank]] = next + Math.min(rank, kept);
            }
            next += Math.min(codes, kept + 1);
        }
        return new Regressor(features, next);
    }

    /**
     * @param rows one table's codes
     * @param values the same rows' raw values (the target's read as numbers)
     * @return R² on the holdout of the regression fitted on {@code rows}; 0 when either has no row with a target
     */
    double r2(int[][] rows, List<String[]> values, int target, int[][] holdRows, List<String[]> holdValues) {
        double[] y = targets(values, target);
        double[] observed = targets(holdValues, target);
        double mean = meanOf(y);
        double holdMean = meanOf(observed);
        if (Double.isNaN(mean) || Double.isNaN(holdMean)) {
            return 0;
        }
        double[][] normal = new double[featureCount][featureCount];
        double[] right = new double[featureCount];
        int[] active = new int[features.length];
        for (int r = 0; r < rows.length; r++) {
            if (Double.isNaN(y[r])) {
                continue;
            }
            int n = active(rows[r], active);
            double centred = y[r] - mean;
            for (int i = 0; i < n; i++) {
                right[active[i]] += centred;
                for (int j = 0; j < n; j++) {
                    normal[active[i]][active[j]]++;
                }
            }
        }
        for (int f = 0; f < featureCount; f++) {
            normal[f][f] += RIDGE;
        }
        double[] weights = solve(normal, right);

        double residual = 0;
        double total = 0;
        for (int r = 0; r < holdRows.length; r++) {
            if (Double.isNaN(observed[r])) {
                continue;
            }
            int n = active(holdRows[r], active);
            double predicted = mean;
            for (int i = 0; i < n; i++) {
                predicted += weights[active[i]];
            }
            residual += (observed[r] - predicted) * (observed[r] - predicted);
            total += (observed[r] - holdMean) * (observed[r] - holdMean);
        }
        return total == 0 ? 0 : 1 - residual / total;
    }

    /** @return how many features the row sets, written into {@code active} (one per column but the target) */
    private int active(int[] row, int[] active) {
        int n = 0;
        for (int c = 0; c < features.length; c++) {
            if (features[c] != null) {
                // the codes cover the labels of all three samples; those the training sample lacks share a feature
                active[n++] = features[c][row[c]];
            }
        }
        return n;
    }

    /** @return the mean of the values that are not NaN; NaN when there are none */
    private static double meanOf(double[] values) {
        double sum = 0;
        int counted = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** @return each row's target as a number, NaN when it is missing or not a number */
    private static double[] targets(List<String[]> rows, int target) {
        double[] y = new double[rows.size()];
        for (int r = 0; r < y.length; r++) {
            String value = rows.get(r)[target];
            try {
                y[r] = value.isEmpty() || ColumnProfile.MISSING_TOKENS.contains(value) ? Double.NaN
                        : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                y[r] = Double.NaN;
            }
            if (Double.isInfinite(y[r])) {
                y[r] = Double.NaN;
            }
        }
        return y;
    }

    /** Solves {@code a · x = b} for a symmetric positive definite {@code a} by Cholesky's method (overwrites a). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double diagonal = a[j][j];
            for (int k = 0; k < j; k++) {
                diagonal -= a[j][k] * a[j][k];
            }
            double root = Math.sqrt(Math.max(diagonal, 1e-12));
            a[j][j] = root;
            for (int i = j + 1; i < n; i++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= a[i][k] * a[j][k];
                }
                a[i][j] = sum / root;
            }
        }
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                x[i] -= a[i][k] * x[k];
            }
            x[i] /= a[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int k = i + 1; k < n; k++) {
                x[i] -= a[k][i] * x[k];
            }
            x[i] /= a[i][i];
        }
        return x;
    }
}
