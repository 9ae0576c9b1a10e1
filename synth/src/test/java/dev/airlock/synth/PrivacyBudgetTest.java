package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyBudgetTest {

    @TempDir
    Path dir;

    @Test
    void countNoiseHasTheLaplaceVarianceTheBudgetPromises() throws IOException {
        // Given: 2 columns, epsilon 1: after the row count and the domain, a tenth picks the tree, the counts get
        // Laplace noise of scale 2 / (the counts' part)
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 600; i++) {
            csv.append(i % 2 == 0 ? "x" : "y").append(',').append(i % 3 == 0 ? "p" : "q").append('\n');
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0)));
        double scale = 2 / PrivacyBudget.split(1.0, PrivacyBudget.DOMAIN_SHARE, 2, true).counts();
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
        // (344 penguins are too few to find the measurements' ranges, or always the types, privately: they are
        // declared, as in data/penguins-dp.json)
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0), "columns", Map.of(
                "Species", Map.of("values", List.of("Adelie", "Gentoo", "Chinstrap")),
                "Island", Map.of("values", List.of("Torgersen", "Biscoe", "Dream")),
                "Sex", Map.of("values", List.of("MALE", "FEMALE", "")),
                "Beak Length (mm)", Map.of("min", 30, "max", 60), "Beak Depth (mm)", Map.of("min", 13, "max", 22),
                "Flipper Length (mm)", Map.of("min", 170, "max", 235), "Body Mass (g)", Map.of("min", 2500, "max", 6500))));

        // When
        SynthModel model = Synthesizer.train(SynthesizerTest.PENGUINS, config, 1, ProgressListener.NONE);
        model.sample(500, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        assertThat(SynthesizerTest.read(dir.resolve("out.csv"))).hasSize(501);
        assertThat(model.trainingRows()).isBetween(250L, 450L);
    }

    @Test
    void onlyTablesWhoseCountsOutweighTheNoiseAreLinked() {
        // Given: 1,000 rows, 2 columns, epsilon 1: the domain gets 70 %, counts noise of scale 2 / 0.252 = 7.94
        PrivacyBudget budget = new PrivacyBudget(1.0, 1_000, 2, new SplittableRandom(1));

        // Then: a table is linked when it expects at least twice the noise scale per cell
        assertThat(budget.useful(62)).isTrue();
        assertThat(budget.useful(64)).isFalse();
    }

    @Test
    void noiseLeftInEmptyCellsIsTakenOutWhenSampling() {
        // Given: 100 rows in two cells (noisy: 60 and 41), clipped noise in the ten others
        long[][] noisy = { { 60, 3, 0, 2 }, { 1, 41, 4, 0 }, { 0, 2, 0, 1 } };

        // When
        double shift = BayesNetModel.noiseShift(noisy, 100);

        // Then: the table holds 100 rows again, most noise-only cells are empty, the others shrunk
        double total = 0;
        for (long[] row : noisy) {
            for (long count : row) {
                total += Math.max(0, count - shift);
            }
        }
        assertThat(total).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(shift).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(BayesNetModel.noiseShift(new long[][] { { 60, 0 }, { 0, 40 } }, 100)).isZero();
    }

    @Test
    void binsThatHoldOnlyNoiseAreNotSampled() throws IOException {
        // Given: 20,000 rows: a boolean and a count without missing values or rare labels, an amount missing in
        // 20 % of the rows, and a kind whose 1,000 rows in 50 labels of 20 are pooled as rare under epsilon
        StringBuilder csv = new StringBuilder("flag,children,amount,kind\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i % 3 == 0).append(',').append(i % 7 % 5).append(',')
                    .append(i % 5 == 0 ? "" : String.valueOf(100 + i % 1000)).append(',')
                    .append(i % 20 == 0 ? "rare" + i % 1000 / 20 : "kind" + i % 4).append('\n');
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0)));

        for (int draw = 0; draw < 5; draw++) {
            // When
            SynthModel model = Synthesizer.train(table, config, 1, ProgressListener.NONE, new SplittableRandom(draw));
            model.sample(20_000, 1, dir.resolve("out.csv"), ProgressListener.NONE);
            List<List<String>> out = SynthesizerTest.read(dir.resolve("out.csv")).subList(1, 20_001);

            // Then: the pooled-rare bin and the missing bin the private domain always has are drawn only when rows
            // stand behind them
            assertThat(SynthesizerTest.column(out, 0)).as("draw %d", draw).containsOnly("true", "false");
            assertThat(SynthesizerTest.column(out, 1)).as("draw %d", draw).doesNotContain("");
            assertThat(SynthesizerTest.column(out, 2).stream().filter(String::isEmpty).count()).as("draw %d", draw)
                    .isBetween(3_000L, 5_000L);
            assertThat(SynthesizerTest.column(out, 3).stream().filter(ColumnModel.RARE::equals).count())
                    .as("draw %d", draw).isBetween(600L, 1_400L);
        }
    }

    @Test
    void aMissingBinIsEmptiedOnlyBesideBinsThatHoldRows() {
        // Given: a number column with two bins and a missing one, counts noised at scale 20 (a sum's deviation of 28)
        ColumnModel amount = new ColumnModel("amount", ColumnType.DECIMAL, null,
                List.of(new double[] { 0, 50 }, new double[] { 50, 100 }), 0, null, "", null);
        int[][] parents = { {} };

        // When: 10,000 rows with values and none missing; 40 rows all missing
        int draws = 200;
        int valuedMissing = 0;
        int missingKept = 0;
        for (int draw = 0; draw < draws; draw++) {
            valuedMissing += noised(amount, parents, new long[] { 5_000, 5_000, 0 }, draw)[0][2] > 0 ? 1 : 0;
            missingKept += noised(amount, parents, new long[] { 0, 0, 40 }, draw)[0][2] > 0 ? 1 : 0;
        }

        // Then: the first's missing bin holds only noise and is emptied unless its noise passes 3 deviations (0.7 %
        // of draws); the second's is kept unless the noise clipped it (7 %), though its 40 rows are within the noise
        // too, because its values' bins hold only noise (emptied, the column would be drawn from that noise alone)
        assertThat(valuedMissing).isLessThanOrEqualTo(draws / 50);
        assertThat(missingKept).isGreaterThanOrEqualTo(draws * 85 / 100);
    }

    private static long[][] noised(ColumnModel column, int[][] parents, long[] counts, int draw) {
        BayesNetModel model = new BayesNetModel(BayesNetModel.FORMAT, BayesNetModel.VERSION, SynthConfig.DEFAULT, 0, 10,
                List.of(column), parents, new int[] { 0 }, List.<long[][]> of(new long[][] { counts.clone() }));
        return model.withLaplaceNoise(20, new SplittableRandom(draw)).counts().get(0);
    }

    @Test
    void aPrivateTreeStartsAtTheNamedTarget() throws IOException {
        // Given: 20,000 rows of two noise columns, a feature and the target it decides, the target last
        StringBuilder csv = new StringBuilder("a,b,x,y\n");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            int x = random.nextInt(4);
            csv.append(random.nextInt(3)).append(',').append(random.nextInt(3)).append(",x").append(x).append(",y")
                    .append(x % 2).append('\n');
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0), "target", "y",
                "columns", Map.of("a", Map.of("values", List.of("0", "1", "2")), "b",
                        Map.of("values", List.of("0", "1", "2")))));

        for (int draw = 0; draw < 10; draw++) {
            // When
            BayesNetModel model = (BayesNetModel) Synthesizer.train(table, config, 1, ProgressListener.NONE,
                    new SplittableRandom(draw));

            // Then: the target is the root (a public choice), and its first edge, drawn among its own, is to the
            // feature that decides it
            assertThat(model.parents()[3]).as("draw %d", draw).isEmpty();
            assertThat(model.parents()[2]).as("draw %d", draw).containsExactly(3);
        }
    }

    @Test
    void aLargeTablesPrivateTreeIsDrawnOnAMillionRowSample() {
        // Given: noisy row counts either side of the ordinary structure sample
        PrivacyBudget small = new PrivacyBudget(1.0, 90_000, 15, new SplittableRandom(1));
        PrivacyBudget large = new PrivacyBudget(1.0, 800_000, 15, new SplittableRandom(1));

        // Then: the larger table's tree is scored on up to a million rows (the sensitivity grows only with its log)
        assertThat(small.structureSample()).isEqualTo(Synthesizer.STRUCTURE_SAMPLE);
        assertThat(large.structureSample()).isEqualTo(Synthesizer.PRIVATE_STRUCTURE_SAMPLE);
    }

    @Test
    void theRowCountOfADifferentiallyPrivateModelIsEstimatedWithoutTheClippedNoise() throws IOException {
        // Given: 3,000 rows, one column of 60 values that is mostly empty noise once clipped
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 3_000; i++) {
            csv.append(i % 2 == 0 ? "x" : "y").append(",v").append(i % 60 < 50 ? i % 3 : i % 60).append('\n');
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0)));

        // When
        SynthModel model = Synthesizer.train(table, config, 1, ProgressListener.NONE, new SplittableRandom(4));

        // Then
        assertThat(model.trainingRows()).isBetween(2_950L, 3_050L);
    }

    @Test
    void settingsOutsideTheMechanismAreRejected() {
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 0))))
                .hasMessageContaining("privacy.epsilon");
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("privacy", Map.of("delta", 1e-6))))
                .hasMessageContaining("privacy.delta");
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1, "delta", 0.5))))
                .hasMessageContaining("privacy.delta");
        assertThat(SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1, "delta", 1e-9))).delta())
                .isEqualTo(1e-9);
    }

    @Test
    void theBudgetsPartsAddUpToEpsilon() {
        // Given
        double epsilon = 1.5;
        int columns = 7;

        // When
        PrivacyBudget.Split withTree = PrivacyBudget.split(epsilon, 0.2, columns, true);
        PrivacyBudget.Split withoutTree = PrivacyBudget.split(epsilon, 0.2, columns, false);
        PrivacyBudget.Split declared = PrivacyBudget.split(epsilon, 0, 0, true);

        // Then: 2 % for the row count, 20 % for the domain split over the columns, a tenth of the rest for the tree
        assertThat(withTree.total(columns)).isCloseTo(epsilon, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withoutTree.total(columns)).isCloseTo(epsilon, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withTree.rows()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withTree.domainPerColumn() * columns).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withTree.structure()).isCloseTo(0.117, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withTree.counts()).isCloseTo(1.053, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withoutTree.structure()).isZero();
        assertThat(withoutTree.counts()).isCloseTo(1.17, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(declared.total(0)).isCloseTo(epsilon, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theDomainGetsItsShareWhenAColumnReleasesOne() {
        // Then: the same share whatever the rows, none when every column declares its domain
        assertThat(PrivacyBudget.domainShare(10)).isEqualTo(PrivacyBudget.DOMAIN_SHARE);
        assertThat(PrivacyBudget.domainShare(1)).isEqualTo(0.7);
        assertThat(PrivacyBudget.domainShare(0)).isZero();
    }
}
