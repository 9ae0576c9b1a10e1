package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdmetricsQualityTest {

    @Test
    void aSmallTableScoresAsSdmetricsCodeScoresIt() throws URISyntaxException {
        // Given: 60 training rows and 45 synthetic ones of a row number, an amount with missing values, a few room
        // counts, a day, a yes/no, a city with missing values and a score
        Path train = resource("train.csv");
        Path synthetic = resource("synthetic.csv");

        // When
        Report.Sdmetrics sdmetrics = Evaluator.evaluate(train, train, synthetic, null, 10).quality().sdmetrics();

        // Then: the sdtypes SDV would detect, and the scores `bin/sdmetrics-quality train.csv synthetic.csv` prints
        // with them (pandas and SciPy the way SDMetrics computes them: 0.7421, 0.8496, 0.6346)
        assertThat(sdmetrics.sdtypes()).containsExactly(java.util.Map.entry("row", "id"),
                java.util.Map.entry("amount", "numerical"), java.util.Map.entry("rooms", "categorical"),
                java.util.Map.entry("day", "datetime"), java.util.Map.entry("member", "boolean"),
                java.util.Map.entry("city", "categorical"), java.util.Map.entry("score", "numerical"));
        assertThat(sdmetrics.score()).isCloseTo(0.7421, within(0.0001));
        assertThat(sdmetrics.columnShapes()).isCloseTo(0.8496, within(0.0001));
        assertThat(sdmetrics.columnPairTrends()).isCloseTo(0.6346, within(0.0001));
    }

    @Test
    void theTrainingTableItselfScoresOne() throws URISyntaxException {
        // When
        Report.Sdmetrics sdmetrics = Evaluator.evaluate(resource("train.csv"), resource("synthetic.csv"),
                resource("train.csv"), null, 10).quality().sdmetrics();

        // Then
        assertThat(sdmetrics.score()).isEqualTo(1.0);
        assertThat(sdmetrics.columnShapes()).isEqualTo(1.0);
        assertThat(sdmetrics.columnPairTrends()).isEqualTo(1.0);
    }

    @Test
    void anIdentifierIsTheTablesKeyAndBooleansAreReadAsPandasReadsThem(@TempDir Path dir) throws IOException {
        // Given: a unique code, then a unique whole number, and a yes/no written True/False in one table and
        // true/false in the other
        StringBuilder real = new StringBuilder("code,n,member\n");
        StringBuilder synthetic = new StringBuilder("code,n,member\n");
        for (int i = 0; i < 200; i++) {
            real.append(String.format("c%05x,%d,%s%n", i * 7919, i, i % 3 == 0 ? "True" : "False"));
            synthetic.append(String.format("s%05x,%d,%s%n", i * 104729, i, i % 3 == 0 ? "true" : "false"));
        }
        Path train = Files.writeString(dir.resolve("train.csv"), real);
        Path synth = Files.writeString(dir.resolve("synthetic.csv"), synthetic);

        // When
        Report.Sdmetrics sdmetrics = Evaluator.evaluate(train, train, synth, null, 10).quality().sdmetrics();

        // Then: as SDV, the first unique column is the key and the second a number; True and true are one value
        assertThat(sdmetrics.sdtypes()).containsExactly(java.util.Map.entry("code", "id"),
                java.util.Map.entry("n", "numerical"), java.util.Map.entry("member", "boolean"));
        assertThat(sdmetrics.columnShapes()).isEqualTo(1.0);
        assertThat(sdmetrics.columnPairTrends()).isEqualTo(1.0);
    }

    @Test
    void theKolmogorovSmirnovComplementLeavesMissingValuesOut() {
        // Given: ECDFs apart by at most a half (at 2 and at 4), ties at 3 and 4, and a missing value on each side
        double[] real = { 1, 2, 3, 4, Double.NaN };
        double[] synthetic = { 3, 3, 4, 5, 6, 7, Double.NaN };

        // When
        double score = SdmetricsQuality.ksComplement(real, synthetic);

        // Then: at 3 the real ECDF is 3/4 and the synthetic 2/6; at 4, 1 against 3/6: D = 1/2
        assertThat(score).isCloseTo(0.5, within(1e-12));
        assertThat(SdmetricsQuality.ksComplement(new double[] { Double.NaN }, synthetic)).isNaN();
    }

    @Test
    void numbersAreCutIntoTenEqualBinsOfTheirOwnRangeAsNumpyDigitizes() {
        // When
        Integer[] bins = SdmetricsQuality.digitize(new double[] { 0, 0.99, 1, 5, 9.5, 10, Double.NaN });
        Integer[] constant = SdmetricsQuality.digitize(new double[] { 3, 3, Double.NaN });

        // Then: edges 0, 1, …, 10; the largest value and missing values past the last edge, in bin 11; a constant
        // column's edges are its value ± 0.5, so the value falls in bin 6
        assertThat(bins).containsExactly(1, 1, 2, 6, 10, 11, 11);
        assertThat(constant).containsExactly(6, 6, 11);
    }

    @Test
    void correlationCountsMissingValuesAsZeroAndAConstantAsNoCorrelation() {
        // Given: y = 2x on three rows, and a fourth whose x is missing (taken as 0, with y = 8)
        double[] x = { 1, 2, 3, Double.NaN };
        double[] y = { 2, 4, 6, 8 };

        // When
        double r = SdmetricsQuality.pearsonMissingAsZero(x, y);

        // Then: Pearson's r of (1, 2), (2, 4), (3, 6), (0, 8) is -0.2, not the 1 of the three complete rows
        assertThat(r).isCloseTo(-0.2, within(1e-12));
        assertThat(SdmetricsQuality.pearsonMissingAsZero(new double[] { 5, 5, 5 }, new double[] { 1, 2, 3 }))
                .isZero();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SdmetricsQualityTest.class.getResource("/sdmetrics/" + name).toURI());
    }
}
