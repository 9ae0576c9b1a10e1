package dev.airlock.synth;

import java.util.Arrays;

/**
 * How often each pair of codes of two columns occurs in a table, in a jagged array that grows as codes appear, within a
 * byte {@link Allowance} that the counts of the tables compared share. The evaluator's whole-table counts use it.
 */
final class PairCells {

    /** Bytes the counts of the tables compared may still take: an eighth of the heap. */
    static final class Allowance {
        long bytes = Runtime.getRuntime().maxMemory() / 8;
    }

    private int[][] cells = new int[0][];
    private long bytes;

    /**
     * Counts one row's pair of codes.
     *
     * @return {@code false}, leaving the counts as they were, when growing them would pass the allowance
     */
    boolean add(int first, int second, Allowance allowance) {
        int[] row = first < cells.length ? cells[first] : null;
        if (row == null || second >= row.length) {
            int outer = first < cells.length ? cells.length : Math.max(first + 1, cells.length * 2);
            int[] grown = grow(row == null ? new int[0] : row, second);
            // references of the outer array, and the row's header and counts
            long cost = 4L * (outer - cells.length) + (row == null ? 16 : 0) + 4L * grown.length
                    - (row == null ? 0 : 4L * row.length);
            if (cost > allowance.bytes) {
                return false;
            }
            allowance.bytes -= cost;
            bytes += cost;
            if (outer > cells.length) {
                cells = Arrays.copyOf(cells, outer);
            }
            row = cells[first] = grown;
        }
        row[second]++;
        return true;
    }

    /** Empties the counts and gives their memory back to the allowance. */
    void release(Allowance allowance) {
        allowance.bytes += bytes;
        bytes = 0;
        cells = new int[0][];
    }

    int[][] cells() {
        return cells;
    }

    /** @return the counts, grown to hold {@code code} when they are too short */
    static int[] grow(int[] counts, int code) {
        return code < counts.length ? counts : Arrays.copyOf(counts, Math.max(code + 1, counts.length * 2));
    }

    /**
     * @param x one table's counts by first and second code
     * @param rowsX that table's rows
     * @param y the other table's counts
     * @param rowsY its rows
     * @return the total variation distance between the two tables' shares of each pair of codes (1 when exactly one
     *         table is empty)
     */
    static double totalVariation(int[][] x, long rowsX, int[][] y, long rowsY) {
        if (rowsX == 0 || rowsY == 0) {
            return rowsX == rowsY ? 0 : 1;
        }
        double sum = 0;
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int[] rx = i < x.length && x[i] != null ? x[i] : new int[0];
            int[] ry = i < y.length && y[i] != null ? y[i] : new int[0];
            for (int j = 0; j < Math.max(rx.length, ry.length); j++) {
                sum += Math.abs((j < rx.length ? rx[j] : 0) / (double) rowsX - (j < ry.length ? ry[j] : 0)
                        / (double) rowsY);
            }
        }
        return sum / 2;
    }
}
