package dev.airlock.synth;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** A uniform sample of at most {@code limit} rows of a table, kept as text, for evaluation. */
record EvaluationTable(List<String> header, List<String[]> rows, long totalRows) {

    static EvaluationTable read(Path file, int limit, long seed) {
        Reservoir<String[]> rows = new Reservoir<>(limit, new SplittableRandom(seed));
        List<String> header = TableReader.read(file, (fields, line) -> rows.offer(() -> fields), h -> {
        });
        return new EvaluationTable(header, rows.items(), rows.seen());
    }
}
