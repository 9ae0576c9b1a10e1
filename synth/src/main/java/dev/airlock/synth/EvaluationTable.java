package dev.airlock.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A uniform sample of at most {@code limit} rows of a table, kept as text, for evaluation. */
record EvaluationTable(List<String> header, List<String[]> rows, long totalRows) {

    static EvaluationTable read(Path file, int limit, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String[]> rows = new ArrayList<>();
        long[] seen = new long[1];
        List<String> header = TableReader.read(file, (fields, line) -> {
            seen[0]++;
            if (rows.size() < limit) {
                rows.add(fields);
            } else {
                long slot = random.nextLong(seen[0]);
                if (slot < limit) {
                    rows.set((int) slot, fields);
                }
            }
        }, h -> {
        });
        return new EvaluationTable(header, rows, seen[0]);
    }
}
