package dev.airlock.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Differential privacy for the network, as {@code docs/synthesizer.md} documents: a tenth of epsilon chooses the tree
 * (one exponential-mechanism draw per edge, scored by mutual information, among the pairs whose table would hold more
 * signal than noise), the rest measures each column's table with its parent through the Laplace mechanism. Pure
 * epsilon-DP for structure and counts under add/remove-one-row neighbours; the domain (labels kept, bin edges) and the
 * row count are not covered.
 */
final class PrivacyBudget {

    /** Share of epsilon spent on choosing the tree. */
    static final double STRUCTURE_SHARE = 0.1;
    /** A column's table with its parent must expect this many times the noise scale per cell. */
    static final double USEFUL_COUNTS = 2;

    private final double epsilon;
    private final long rows;
    private final int columns;
    private final long sampleRows;
    private final SplittableRandom noise;

    PrivacyBudget(double epsilon, long rows, int columns, SplittableRandom noise) {
        this.epsilon = epsilon;
        this.rows = rows;
        this.columns = columns;
        this.sampleRows = Math.max(2, Math.min(rows, Synthesizer.STRUCTURE_SAMPLE));
        this.noise = noise;
    }

    /**
     * @return the Laplace scale for the counts: each row adds one to one cell of each column's table, so the L1
     *         sensitivity is the number of columns
     */
    static double countScale(double epsilon, int columns, int[][] parents) {
        boolean anyEdge = Arrays.stream(parents).anyMatch(p -> p.length > 0);
        double countEpsilon = columns > 1 && anyEdge ? epsilon * (1 - STRUCTURE_SHARE) : epsilon;
        return columns / countEpsilon;
    }

    /**
     * Whether a table of this many cells, measured with the counts' noise, would hold more signal than noise: on
     * average at least {@value #USEFUL_COUNTS} times the noise scale per cell (PrivBayes's θ-usefulness). Depends
     * only on the row count and the domain, which the mechanism treats as public.
     */
    boolean useful(long cells) {
        double scale = columns / (epsilon * (1 - STRUCTURE_SHARE));
        return rows >= USEFUL_COUNTS * scale * cells;
    }

    /**
     * Prim's algorithm where each edge is drawn by the exponential mechanism: probability proportional to
     * {@code exp(ε_edge · I / (2 Δ))}, with ε_edge = ε · share / (columns − 1) and Δ = (2 ln n + 2) / n the
     * sensitivity of plug-in mutual information on n rows. Pairs marked negative (tables too large) are never drawn.
     */
    int[] privateTree(double[][] information) {
        int n = information.length;
        int[] parents = new int[n];
        Arrays.fill(parents, -1);
        boolean[] inTree = new boolean[n];
        inTree[0] = true;
        double stepEpsilon = epsilon * STRUCTURE_SHARE / Math.max(1, n - 1);
        double sensitivity = (2 * Math.log(sampleRows) + 2) / sampleRows;
        for (int added = 1; added < n; added++) {
            List<int[]> candidates = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            for (int from = 0; from < n; from++) {
                for (int to = 0; to < n; to++) {
                    if (inTree[from] && !inTree[to] && information[from][to] >= 0) {
                        candidates.add(new int[] { from, to });
                        scores.add(stepEpsilon * information[from][to] / (2 * sensitivity));
                    }
                }
            }
            if (candidates.isEmpty()) {
                for (int c = 0; c < n; c++) {
                    if (!inTree[c]) {
                        inTree[c] = true;
                        break;
                    }
                }
                continue;
            }
            int[] chosen = candidates.get(draw(scores));
            parents[chosen[1]] = chosen[0];
            inTree[chosen[1]] = true;
        }
        return parents;
    }

    private int draw(List<Double> logWeights) {
        double max = logWeights.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double[] cumulative = new double[logWeights.size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += Math.exp(logWeights.get(i) - max);
            cumulative[i] = total;
        }
        double u = noise.nextDouble() * total;
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** @return a draw from the Laplace distribution with the given scale */
    static double laplace(double scale, SplittableRandom random) {
        double u = random.nextDouble() - 0.5;
        return -scale * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }
}
