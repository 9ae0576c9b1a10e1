package dev.airlock.dispatcher.cancel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The local launcher's ledger: one line {@code <task id> <instant>} per cancel in a file of its work directory,
 * appended and synced before the cancel is acked; rewritten without expired lines when it starts.
 */
public final class FileCancelLedger extends CancelLedger {

    private final Path file;
    private int lines = -1;

    /**
     * @param file the ledger file (created when missing)
     * @param retention how long a cancel is remembered
     */
    public FileCancelLedger(Path file, Duration retention) {
        super(retention);
        this.file = file;
    }

    @Override
    protected Map<String, Instant> stored() {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Map<String, Instant> entries = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2) {
                    try {
                        entries.put(parts[0], Instant.parse(parts[1]));
                    } catch (DateTimeParseException e) {
                        // a line torn by a crash mid-write: its cancel was never acked, so it is sent again
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cancel ledger " + file, e);
        }
        return entries;
    }

    @Override
    protected synchronized void store(String taskId, Instant at, Map<String, Instant> current) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (current.size() * 2 < lineCount()) {
                // more expired lines than live ones: rewrite the file from what is remembered
                Path next = file.resolveSibling(file.getFileName() + ".next");
                Files.writeString(next, current.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "\n")
                        .collect(Collectors.joining()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                lines = current.size();
            } else {
                Files.writeString(file, taskId + " " + at + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                lines++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cancel ledger " + file, e);
        }
    }

    private int lineCount() throws IOException {
        if (lines < 0) {
            lines = 0;
            if (Files.exists(file)) {
                try (var all = Files.lines(file, StandardCharsets.UTF_8)) {
                    lines = (int) all.count();
                }
            }
        }
        return lines;
    }
}
