package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyGuardTest {

    @TempDir
    Path dir;

    @Test
    void withoutAGuardSomeRowsCopyTrainingRowsAndWithOneNone() throws IOException {
        // Given: three independent 20-valued columns, so about 5 % of drawn rows equal one of the 400 training rows
        Path train = table("train.csv", 400, 1);
        SynthModel model = Synthesizer.train(train, SynthConfig.defaults(), 1, ProgressListener.NONE);
        CopyGuard guard = CopyGuard.of(train, null);

        // When
        model.sample(4000, 1, dir.resolve("free.csv"), ProgressListener.NONE);
        model.sample(4000, 1, dir.resolve("guarded.csv"), ProgressListener.NONE, guard);

        // Then
        assertThat(copyRate(train, dir.resolve("free.csv"))).isGreaterThan(0.02);
        assertThat(copyRate(train, dir.resolve("guarded.csv"))).isZero();
        assertThat(guard.redrawn()).isPositive();
        assertThat(SynthesizerTest.read(dir.resolve("guarded.csv"))).hasSize(4001);
    }

    @Test
    void withAHoldoutCopiesStayAtTheNaturalRate() throws IOException {
        // Given
        Path train = table("train.csv", 400, 1);
        Path holdout = table("holdout.csv", 400, 2);
        SynthModel model = Synthesizer.train(train, SynthConfig.defaults(), 1, ProgressListener.NONE);
        CopyGuard guard = CopyGuard.of(train, holdout);

        // When
        model.sample(4000, 1, dir.resolve("guarded.csv"), ProgressListener.NONE, guard);

        // Then
        assertThat(guard.naturalRate()).isBetween(0.01, 0.15);
        assertThat(copyRate(train, dir.resolve("guarded.csv"))).isLessThanOrEqualTo(guard.naturalRate());
    }

    private Path table(String name, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("a,b,c\n");
        for (int i = 0; i < rows; i++) {
            csv.append("a").append(random.nextInt(20)).append(",b").append(random.nextInt(20)).append(",c")
                    .append(random.nextInt(20)).append('\n');
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    private static double copyRate(Path train, Path synthetic) throws IOException {
        Set<List<String>> rows = new HashSet<>(SynthesizerTest.read(train).subList(1, 401));
        List<List<String>> drawn = SynthesizerTest.read(synthetic).subList(1, 4001);
        return drawn.stream().filter(rows::contains).count() / (double) drawn.size();
    }
}
