package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyBudgetTest {

    @TempDir
    Path dir;

    @Test
    void countNoiseHasTheLaplaceVarianceTheBudgetPromises() throws IOException {
        // Given: 2 columns, epsilon 1: a tenth picks the tree, the counts get Laplace noise of scale 2 / 0.9
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 600; i++) {
            csv.append(i % 2 == 0 ? "x" : "y").append(',').append(i % 3 == 0 ? "p" : "q").append('\n');
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0)));
        double scale = 2 / 0.9;
        int runs = 1500;
        double[] observed = new double[runs];
        long exact = ((BayesNetModel) Synthesizer.train(table, SynthConfig.defaults(), 1, ProgressListener.NONE))
                .counts().get(0)[0][0];

        // When
        for (int run = 0; run < runs; run++) {
            BayesNetModel model = (BayesNetModel) Synthesizer.train(table, config, 1, ProgressListener.NONE,
                    new SplittableRandom(run));
            observed[run] = model.counts().get(0)[0][0];
        }

        // Then: mean close to the true count, variance close to 2 b^2 (rounding adds 1/12)
        double mean = java.util.Arrays.stream(observed).average().orElseThrow();
        double variance = java.util.Arrays.stream(observed).map(v -> (v - mean) * (v - mean)).sum() / (runs - 1);
        double expected = 2 * scale * scale + 1.0 / 12;
        assertThat(mean).isCloseTo(exact, org.assertj.core.data.Offset.offset(0.5));
        assertThat(variance / expected).isBetween(0.8, 1.2);
    }

    @Test
    void laplaceDrawsHaveTheirDistribution() {
        // Given
        SplittableRandom random = new SplittableRandom(3);
        int draws = 200_000;
        double scale = 2.5;

        // When
        double[] values = new double[draws];
        for (int i = 0; i < draws; i++) {
            values[i] = PrivacyBudget.laplace(scale, random);
        }

        // Then: mean 0, mean absolute value b, P(|X| > b) = 1/e
        assertThat(java.util.Arrays.stream(values).average().orElseThrow()).isCloseTo(0,
                org.assertj.core.data.Offset.offset(0.03));
        assertThat(java.util.Arrays.stream(values).map(Math::abs).average().orElseThrow())
                .isCloseTo(scale, org.assertj.core.data.Offset.offset(0.03));
        assertThat(java.util.Arrays.stream(values).filter(v -> Math.abs(v) > scale).count() / (double) draws)
                .isCloseTo(Math.exp(-1), org.assertj.core.data.Offset.offset(0.005));
    }

    @Test
    void aDifferentiallyPrivateModelStillSamplesTheTable() throws IOException {
        // Given
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0)));

        // When
        SynthModel model = Synthesizer.train(SynthesizerTest.PENGUINS, config, 1, ProgressListener.NONE);
        model.sample(500, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        assertThat(SynthesizerTest.read(dir.resolve("out.csv"))).hasSize(501);
        assertThat(model.trainingRows()).isBetween(250L, 450L);
    }

    @Test
    void settingsOutsideTheMechanismAreRejected() {
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 0))))
                .hasMessageContaining("privacy.epsilon");
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1, "delta", 1e-6))))
                .hasMessageContaining("privacy.delta");
    }
}
