package dev.airlock.synth;

import java.util.SplittableRandom;

/**
 * The ML-utility probe: a logistic regression on one-hot discretised features, trained on one table to tell the
 * target's last class (in label order, as the judge picks it) from the rest, scored by ROC AUC on the holdout.
 */
final class Classifier {

    private static final int EPOCHS = 8;
    private static final double L2 = 1e-5;

    private Classifier() {
    }

    static double auc(Evaluator.Discretized d, int[][] trainingRows, int target) {
        int positive = positiveCode(d, target);
        int[] offsets = new int[d.columns + 1];
        for (int c = 0; c < d.columns; c++) {
            offsets[c + 1] = offsets[c] + (c == target ? 0 : d.labels.get(c).size());
        }
        boolean anyPositive = false;
        boolean anyNegative = false;
        for (int[] row : trainingRows) {
            anyPositive |= row[target] == positive;
            anyNegative |= row[target] != positive;
        }
        if (!anyPositive || !anyNegative) {
            return 0.5;
        }
        double[] weights = new double[offsets[d.columns] + 1];
        SplittableRandom random = new SplittableRandom(0);
        int[] order = new int[trainingRows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double rate = 0.1 / (1 + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int index : order) {
                int[] row = trainingRows[index];
                double label = row[target] == positive ? 1 : 0;
                double gradient = sigmoid(score(weights, offsets, row, target)) - label;
                weights[weights.length - 1] -= rate * gradient;
                for (int c = 0; c < d.columns; c++) {
                    if (c != target) {
                        int w = offsets[c] + row[c];
                        weights[w] -= rate * (gradient + L2 * weights[w]);
                    }
                }
            }
        }
        int positives = 0;
        for (int[] row : d.hold) {
            positives += row[target] == positive ? 1 : 0;
        }
        double[] positiveScores = new double[positives];
        double[] negativeScores = new double[d.hold.length - positives];
        int p = 0;
        int n = 0;
        for (int[] row : d.hold) {
            double s = score(weights, offsets, row, target);
            if (row[target] == positive) {
                positiveScores[p++] = s;
            } else {
                negativeScores[n++] = s;
            }
        }
        return Evaluator.auc(positiveScores, negativeScores);
    }

    private static int positiveCode(Evaluator.Discretized d, int target) {
        int best = -1;
        for (int[] row : d.hold) {
            String label = d.labels.get(target).get(row[target]);
            if (best < 0 || label.compareTo(d.labels.get(target).get(best)) > 0) {
                best = row[target];
            }
        }
        return best;
    }

    private static double score(double[] weights, int[] offsets, int[] row, int target) {
        double sum = weights[weights.length - 1];
        for (int c = 0; c < row.length; c++) {
            if (c != target) {
                int index = offsets[c] + row[c];
                if (index < offsets[c + 1]) {
                    sum += weights[index];
                }
            }
        }
        return sum;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
