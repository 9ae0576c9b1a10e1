package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

    @TempDir
    Path dir;
    Path train;
    Path holdout;

    @BeforeEach
    void split() {
        train = dir.resolve("train.csv");
        holdout = dir.resolve("holdout.csv");
        TableSplitter.split(SynthesizerTest.PENGUINS, 0.3, 1, train, holdout);
    }

    @Test
    void theTrainingTableItselfScoresPerfectQualityAndTotalCopying() {
        // When
        Report report = Evaluator.evaluate(train, holdout, train, "Species", 10);

        // Then
        assertThat(report.quality().columnShapes()).isEqualTo(1.0);
        assertThat(report.quality().columnPairTrends()).isEqualTo(1.0);
        assertThat(report.quality().mlUtility().ratio()).isEqualTo(1.0);
        assertThat(report.privacy().exactCopyRate()).isEqualTo(1.0);
        assertThat(report.privacy().trainCloserShare()).isGreaterThan(0.6);
        assertThat(report.privacy().membershipInferenceAuc()).isGreaterThan(0.65);
        Report.DcrBaselineProtection dcr = report.privacy().dcrBaselineProtection();
        assertThat(dcr.syntheticMedian()).isZero();
        assertThat(dcr.score()).isZero();
        assertThat(dcr.randomMedian()).isGreaterThan(0.1);
        assertThat(dcr.holdoutMedian()).isGreaterThan(0.0);
    }

    @Test
    void theDistanceToTheClosestRecordIsSdmetricsOwn() throws IOException {
        // Given: after SDMetrics' own example (its issue 742), a training column of range 10 and a label column
        Path tiny = Files.writeString(dir.resolve("tiny.csv"), "a,b\n0,x\n10,x\n3.5,y\n4.25,x\n1,x\n");
        Path synth = Files.writeString(dir.resolve("tiny-synth.csv"), "a,b\n5,x\n5,y\n");
        Path hold = Files.writeString(dir.resolve("tiny-hold.csv"), "a,b\n7,x\n");

        // When
        Report.DcrBaselineProtection dcr = Evaluator.evaluate(tiny, hold, synth, null, 10).privacy()
                .dcrBaselineProtection();

        // Then: the mean over the two columns of the range-scaled difference and the label mismatch: (5, x) is
        // 0.0375 from (4.25, x), (5, y) 0.075 from (3.5, y), median 0.05625; the holdout's (7, x) 0.1375 from (4.25, x)
        assertThat(dcr.syntheticMedian()).isEqualTo(Evaluator.round(0.05625));
        assertThat(dcr.holdoutMedian()).isEqualTo(0.1375);
        assertThat(dcr.randomMedian()).isPositive();
        assertThat(dcr.score()).isCloseTo(Math.min(1, 0.05625 / dcr.randomMedian()),
                org.assertj.core.api.Assertions.within(0.001));
    }

    @Test
    void shapesAndPairTrendsOfLargeTablesCountEveryRow() throws IOException {
        // Given: 60,000 rows, more than the evaluator samples, and the same rows in reverse order as the synthetic
        // table: a day of 3,000 (20 rows each), a number, a group, and an identifier of 60,000 values
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            rows.add(String.format("2020-%02d-%02d,%d,g%d,user%d", 1 + i % 3_000 / 28 % 12, 1 + i % 28, i % 977,
                    i % 7, i));
        }
        Path large = Files.writeString(dir.resolve("large.csv"), "day,amount,group,id\n" + String.join("\n", rows) + "\n");
        java.util.Collections.reverse(rows);
        Path reversed = Files.writeString(dir.resolve("reversed.csv"),
                "day,amount,group,id\n" + String.join("\n", rows) + "\n");

        // When
        Report report = Evaluator.evaluate(large, large, reversed, null, 10);

        // Then: the whole tables are the same, so every column and pair of the first three scores 1 exactly (two
        // samples of 50,000 rows would differ on the 3,000 days); the identifier, over 20,000 labels, is measured on
        // the samples, which share about 42,000 of their 50,000 identifiers
        List<Double> shapes = report.quality().columns().stream().map(Report.ColumnScore::shape).toList();
        assertThat(shapes.subList(0, 3)).containsOnly(1.0);
        assertThat(shapes.get(3)).isBetween(0.81, 0.85);
        // three pairs of 1 and three with the identifier at about 0.83
        assertThat(report.quality().columnPairTrends()).isBetween(0.905, 0.925);
        // SDMetrics' score leaves the identifier out and counts every row too: Kolmogorov–Smirnov of the day and the
        // amount, their correlation, and the contingency of each with the group, all the same tables
        assertThat(report.quality().sdmetrics().sdtypes()).containsValues("datetime", "numerical", "categorical", "id");
        assertThat(report.quality().sdmetrics().score()).isEqualTo(1.0);
        assertThat(report.quality().sdmetrics().columnPairTrends()).isEqualTo(1.0);
    }

    @Test
    void wholeTableCountsKeepToTheirMemoryAndFallBackToTheSamples() throws IOException {
        // Given: 3,000 rows of a day and an amount
        StringBuilder csv = new StringBuilder("day,amount\n");
        for (int i = 0; i < 3_000; i++) {
            csv.append(String.format("2020-%02d-%02d,%d%n", 1 + i / 28 % 12, 1 + i % 28, i % 977));
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        EvaluationTable sample = EvaluationTable.read(table, Evaluator.MAX_ROWS, 1);
        Evaluator.Discretized d = new Evaluator.Discretized(sample, sample, sample);
        List<java.util.Map<String, Integer>> unseen = List.of(new java.util.HashMap<>(), new java.util.HashMap<>());

        // When: pair counts allowed 1,000 bytes; not counted at all; allowed the default
        PairCells.Allowance small = new PairCells.Allowance();
        small.bytes = 1_000;
        Evaluator.WholeCounts starved = Evaluator.WholeCounts.of(table, d, unseen, true, small);
        Evaluator.WholeCounts unpaired = Evaluator.WholeCounts.of(table, d, unseen, false,
                new PairCells.Allowance());
        Evaluator.WholeCounts full = Evaluator.WholeCounts.of(table, d, unseen, true,
                new PairCells.Allowance());

        // Then: shapes are always whole; the pair only with memory and leave; what a dropped pair took is given back
        assertThat(starved.whole(0, 0)).isTrue();
        assertThat(starved.whole(0, 1)).isFalse();
        assertThat(small.bytes).isEqualTo(1_000);
        assertThat(unpaired.whole(0, 1)).isFalse();
        assertThat(full.whole(0, 1)).isTrue();
        assertThat(Evaluator.WholeCounts.totalVariation(full, full, 0, 1)).isZero();
    }

    @Test
    void aFreshSampleOfThePopulationLooksLikeNoCopying() {
        // When: the holdout plays the synthetic table
        Report report = Evaluator.evaluate(train, holdout, holdout, "Species", 10);

        // Then
        assertThat(report.privacy().dcrBaselineProtection().syntheticMedian())
                .isEqualTo(report.privacy().dcrBaselineProtection().holdoutMedian());
        assertThat(report.privacy().exactCopyRate()).isEqualTo(report.privacy().naturalCopyRate());
        assertThat(report.privacy().trainCloserShare()).isLessThan(0.2);
        assertThat(report.quality().columnShapes()).isBetween(0.75, 0.99);
    }

    @Test
    void aNumberTargetIsScoredByARegressorsR2() throws IOException {
        // Given: a price that a group and a size predict (R² about 0.9), the training part copied, and the same rows
        // with their prices shuffled among them (nothing left to predict)
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int group = random.nextInt(4);
            int size = random.nextInt(100);
            double price = 50 * group + 2 * size + random.nextGaussian() * 20;
            rows.add("g" + group + "," + size + "," + String.format(java.util.Locale.ROOT, "%.2f", price));
        }
        Path table = Files.writeString(dir.resolve("prices.csv"), "group,size,price\n" + String.join("\n", rows) + "\n");
        Path priceTrain = dir.resolve("price-train.csv");
        Path priceHoldout = dir.resolve("price-holdout.csv");
        TableSplitter.split(table, 0.3, 1, priceTrain, priceHoldout);
        List<String> trainLines = Files.readAllLines(priceTrain);
        List<String> prices = new ArrayList<>(trainLines.subList(1, trainLines.size()).stream()
                .map(l -> l.substring(l.lastIndexOf(',') + 1)).toList());
        java.util.Collections.shuffle(prices, new java.util.Random(5));
        StringBuilder shuffled = new StringBuilder(trainLines.get(0)).append('\n');
        for (int i = 1; i < trainLines.size(); i++) {
            String line = trainLines.get(i);
            shuffled.append(line, 0, line.lastIndexOf(',') + 1).append(prices.get(i - 1)).append('\n');
        }
        Path noSignal = Files.writeString(dir.resolve("shuffled.csv"), shuffled);

        // When
        Report copied = Evaluator.evaluate(priceTrain, priceHoldout, priceTrain, "price", 10);
        Report useless = Evaluator.evaluate(priceTrain, priceHoldout, noSignal, "price", 10);

        // Then
        Report.MlUtility utility = copied.quality().mlUtility();
        assertThat(utility.task()).isEqualTo("regression");
        assertThat(utility.aucReal()).isNull();
        assertThat(utility.r2Real()).isBetween(0.8, 0.95);
        assertThat(utility.ratio()).isEqualTo(1.0);
        assertThat(useless.quality().mlUtility().r2Synthetic()).isLessThan(0.05);
        assertThat(useless.quality().mlUtility().ratio()).isLessThan(0.05);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        copied.write(json);
        assertThat(json.toString(StandardCharsets.UTF_8)).contains("\"task\" : \"regression\"", "\"r2Real\"")
                .doesNotContain("aucReal");
        // a target of labels keeps its classifier
        assertThat(Evaluator.evaluate(train, holdout, train, "Species", 10).quality().mlUtility().task())
                .isEqualTo("classification");
    }

    @Test
    void ourSynthesizerKeepsUtilityWithoutCopying() throws IOException {
        // Given
        SynthModel model = Synthesizer.train(train, SynthConfig.defaults(), 1, ProgressListener.NONE);
        Path synthetic = dir.resolve("synthetic.csv");
        model.sample(model.trainingRows(), 1, synthetic, ProgressListener.NONE, CopyGuard.of(train, holdout));

        // When
        Report report = Evaluator.evaluate(train, holdout, synthetic, "Species", 10);

        // Then
        assertThat(report.quality().mlUtility().ratio()).isGreaterThan(0.95);
        assertThat(report.privacy().exactCopyRate()).isLessThanOrEqualTo(report.privacy().naturalCopyRate());
        assertThat(report.privacy().trainCloserShare()).isLessThan(0.65);
    }

    @Test
    void plotsHoldNoRareLabelAndNoExtremeValue() throws IOException {
        // Given: one rare island and one extreme body mass
        List<String> lines = new ArrayList<>(Files.readAllLines(train));
        lines.set(1, "Adelie,Secretisle,39.1,18.7,181,77777,MALE");
        Files.write(train, lines);

        // When
        Report report = Evaluator.evaluate(train, holdout, holdout, null, 10);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        report.write(json);

        // Then
        String text = json.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("Secretisle").doesNotContain("77777").contains("(other)");
        assertThat(report.plots().histograms()).hasSize(7);
        assertThat(report.plots().associations().real()).hasDimensions(7, 7);
    }

    @Test
    void tablesWithDifferentColumnsAreRejected() throws IOException {
        Path other = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> Evaluator.evaluate(train, holdout, other, null, 10))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("synthetic table's columns");
        assertThatThrownBy(() -> Evaluator.evaluate(train, holdout, holdout, "Wingspan", 10))
                .hasMessageContaining("target column Wingspan");
    }
}
