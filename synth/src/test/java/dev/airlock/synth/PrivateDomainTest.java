package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDomainTest {

    private static final SynthConfig EPSILON_1 = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0)));

    @TempDir
    Path dir;

    @Test
    void aLabelHeldByOneRowIsDroppedAndOneHeldBy30PercentIsKept() throws IOException {
        // Given: a tiny table where one row holds its own label, and a 2,000-row table where 30 % hold label A
        StringBuilder tiny = new StringBuilder("kind,size\n");
        for (int i = 0; i < 40; i++) {
            tiny.append(i == 0 ? "lonely" : "common").append(',').append(i).append('\n');
        }
        StringBuilder large = new StringBuilder("kind,size\n");
        for (int i = 0; i < 2_000; i++) {
            large.append(i % 10 < 3 ? "A" : "B" + i % 5).append(',').append(i % 97).append('\n');
        }
        Path tinyTable = Files.writeString(dir.resolve("tiny.csv"), tiny);
        Path largeTable = Files.writeString(dir.resolve("large.csv"), large);

        // (on 40 rows a private choice of the type would often take the column for a number: see typesAreChosen...)
        // (and its 40 sizes need their bounds declared: see aRangeThatDoesNotStandOutOfTheNoiseIsRefusedByName)
        SynthConfig kindIsCategorical = SynthConfig.fromMap(Map.of("columns", Map.of("kind",
                Map.of("type", "categorical"), "size", Map.of("min", 0, "max", 40)), "privacy", Map.of("epsilon", 1.0)));

        // When
        int runs = 500;
        int lonelyKept = 0;
        for (int run = 0; run < runs; run++) {
            BayesNetModel model = (BayesNetModel) Synthesizer.train(tinyTable, kindIsCategorical, 1,
                    ProgressListener.NONE, new SplittableRandom(run));
            lonelyKept += model.columns().get(0).labels().contains("lonely") ? 1 : 0;
        }
        int aKept = 0;
        for (int run = 0; run < 50; run++) {
            BayesNetModel model = (BayesNetModel) Synthesizer.train(largeTable, EPSILON_1, 1, ProgressListener.NONE,
                    new SplittableRandom(run));
            aKept += model.columns().get(0).labels().contains("A") ? 1 : 0;
            assertThat(model.columns().get(0).labels()).endsWith(ColumnModel.RARE);
        }

        // Then: each table's domain gets 70 % of epsilon (ε_column = 0.35, see PrivacyBudget.DOMAIN_SHARE), and
        // with δ_column = 1e-6 a label needs a noisy count of 1 + ln(1 / (2 δ_column)) / ε_column = 38.5 rows: the
        // lonely label is pooled into _RARE_ (it passes with probability δ_column); the 600 rows of A are far above
        assertThat(PrivacyBudget.labelThreshold(0.35, 1e-6, 10)).isCloseTo(38.5, Offset.offset(0.1));
        assertThat(lonelyKept).isLessThanOrEqualTo(runs / 100);
        assertThat(aKept).isEqualTo(50);
    }

    @Test
    void privateBinEdgesAreNearTheTrueQuantiles() throws IOException {
        // Given: 10,000 normal values around 50 (sd 10), one column, epsilon 1
        SplittableRandom random = new SplittableRandom(7);
        double[] values = new double[10_000];
        StringBuilder csv = new StringBuilder("x\n");
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round((50 + 10 * gaussian(random)) * 100) / 100.0;
            csv.append(values[i]).append('\n');
        }
        Path table = Files.writeString(dir.resolve("normal.csv"), csv);
        Arrays.sort(values);

        // When
        double worst = 0;
        for (int run = 0; run < 20; run++) {
            BayesNetModel model = (BayesNetModel) Synthesizer.train(table, EPSILON_1, 1, ProgressListener.NONE,
                    new SplittableRandom(run));
            List<double[]> bins = model.columns().get(0).bins();
            assertThat(bins).hasSize(20);
            for (int j = 0; j < bins.size() - 1; j++) {
                // the share of the values below the edge, against the share the edge stands for
                double share = rank(values, bins.get(j)[1]) / values.length;
                worst = Math.max(worst, Math.abs(share - (j + 1) / 20.0));
            }
            assertThat(rank(values, bins.get(0)[0]) / values.length).isLessThan(0.03);
            // a single column of 10,000 rows is just large enough for tails at ε = 1 (PrivateDomain.TAIL_ROWS): where
            // the rows past an edge stand out of the noise, they end within a standard deviation of the values
            // (docs/synthesizer.md, "The range's ends and tails")
            List<double[]> tails = model.columns().get(0).tails();
            if (tails != null && tails.get(0) != null) {
                assertThat(tails.get(0)[2]).isGreaterThan(values[0] - 10);
            }
            if (tails != null && tails.get(1) != null) {
                assertThat(tails.get(1)[2]).isLessThan(values[values.length - 1] + 10);
            }
            assertThat(rank(values, bins.get(19)[1]) / values.length).isGreaterThan(0.97);
        }

        // Then: every inner edge of 20 trainings is within 3 percentage points of its quantile (the noise of about
        // 50 groups of scale 10 adds up in a cumulative count; a run of this test saw at most 2.1)
        assertThat(worst).isLessThan(0.03);
    }

    @Test
    void onALargeTableTailsGoPastTheOuterEdgesAsFarAsTheRowsStandOutOfTheNoise() throws IOException {
        // Given: 100,000 values of one decimal, 10 plus an exponential of scale 5 (so 10.0 to about 70), and a date
        // column of the days of 1997 to 2026 in a range of octaves that runs to 2059
        SplittableRandom random = new SplittableRandom(11);
        double[] values = new double[100_000];
        StringBuilder csv = new StringBuilder("x,day\n");
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round((10 - 5 * Math.log(1 - random.nextDouble())) * 10) / 10.0;
            csv.append(values[i]).append(',').append(LocalDate.of(1997, 1, 1).plusDays(random.nextInt(10_957)))
                    .append('\n');
        }
        Path table = Files.writeString(dir.resolve("tail.csv"), csv);
        Arrays.sort(values);
        double max = values[values.length - 1];

        for (int run = 0; run < 5; run++) {
            // When
            BayesNetModel model = (BayesNetModel) Synthesizer.train(table, EPSILON_1, 1, ProgressListener.NONE,
                    new SplittableRandom(run));
            model.sample(40_000, run, dir.resolve("out.csv"), ProgressListener.NONE);

            // Then: x's high tail goes past its 99.5 % edge (about 36.5) towards the real maximum (about 70), as far
            // as the noise lets it see (at this noise, a few units), and not past that maximum; the low side, a hard
            // edge, stays at 10; the dates, which have no tails, stay within their 30 years (the noise left over the
            // range's empty end had put the high edge years past them)
            ColumnModel x = model.columns().get(0);
            double edge = x.bins().get(x.bins().size() - 1)[1];
            assertThat(x.tails()).isNotNull();
            assertThat(model.columns().get(1).tails()).isNull();
            assertThat(x.tails().get(1)[2]).isGreaterThan(edge).isLessThanOrEqualTo(max);
            List<List<String>> rows = SynthesizerTest.read(dir.resolve("out.csv")).subList(1, 40_001);
            double[] synthetic = rows.stream().mapToDouble(row -> Double.parseDouble(row.get(0))).sorted().toArray();
            assertThat(synthetic[synthetic.length - 1]).isGreaterThan(edge + 1);
            assertThat(synthetic[0]).isGreaterThanOrEqualTo(9.9);
            assertThat(rows).allSatisfy(row -> assertThat(row.get(1)).isBetween("1997-01-01", "2026-12-31"));
        }
    }

    @Test
    void theNoiseOverARangesEmptyEndsDoesNotMoveTheOuterEdges() throws IOException {
        // Given: 40,000 values uniform on 100.00 to 119.99, in the octaves 64 to 128, so a third of the range is empty
        SplittableRandom random = new SplittableRandom(13);
        StringBuilder csv = new StringBuilder("x\n");
        for (int i = 0; i < 40_000; i++) {
            csv.append(100 + random.nextInt(2_000) / 100.0).append('\n');
        }
        Path table = Files.writeString(dir.resolve("uniform.csv"), csv);

        for (int run = 0; run < 5; run++) {
            // When
            BayesNetModel model = (BayesNetModel) Synthesizer.train(table, EPSILON_1, 1, ProgressListener.NONE,
                    new SplittableRandom(run));
            model.sample(40_000, run, dir.resolve("out.csv"), ProgressListener.NONE);

            // Then: the outer edges lie at the values' own 0.5 % and 99.5 % quantiles (the noise left over the 36
            // empty units below and 8 above had put them at the quantiles of values and noise together), and the
            // tails past them, at such a hard edge, reach no further than their first stretches (a quarter of the
            // outer bin, about 0.25, here)
            List<double[]> bins = model.columns().get(0).bins();
            assertThat(bins.get(0)[0]).isBetween(99.95, 100.3);
            assertThat(bins.get(bins.size() - 1)[1]).isBetween(119.7, 120.05);
            List<List<String>> rows = SynthesizerTest.read(dir.resolve("out.csv")).subList(1, 40_001);
            assertThat(rows).allSatisfy(row -> assertThat(Double.parseDouble(row.get(0))).isBetween(99.4, 120.6));
        }
    }

    @Test
    void aColumnMostlyAtOneValueGetsABinOfItsOwn() throws IOException {
        // Given: a cost column, 70 % zero, the rest spread over 100 to 10,000
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("cost\n");
        for (int i = 0; i < 5_000; i++) {
            csv.append(i % 10 < 7 ? 0 : 100 + random.nextInt(9_900)).append('\n');
        }
        Path table = Files.writeString(dir.resolve("cost.csv"), csv);

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, EPSILON_1, 1, ProgressListener.NONE,
                new SplittableRandom(1));

        // Then: zero is a bin of its own, edges halfway between whole numbers; the others lie in the values' range
        // (the outermost edge within the noise of the coarse cells there, about a tenth of the value)
        List<double[]> bins = model.columns().get(0).bins();
        assertThat(bins.get(0)).containsExactly(-0.5, 0.5);
        // the costs are an empty octave away from zero (1 to 64): bins of their own all the same
        assertThat(bins).hasSizeGreaterThan(3);
        assertThat(bins.get(bins.size() - 1)[1]).isGreaterThan(5_000);
        assertThat(bins.subList(1, bins.size())).allSatisfy(bin -> {
            assertThat(bin[0]).isBetween(0.5, 15_000.0);
            assertThat(bin[1]).isBetween(bin[0], 15_000.0);
            assertThat(bin[0] - Math.floor(bin[0])).isEqualTo(0.5);
        });
    }

    @Test
    void aPrivateModelSamplesWholeNumbersAndDecimalsWithTheirFrequencies() throws IOException {
        // Given: 20,000 rows of a rating 1 to 5 (5, 20, 50, 20 and 5 %), a measure of one decimal, 100.0 to 119.9, and
        // the rating below zero (a negative value sits at the top of its cell in the grid, a positive one at the
        // bottom)
        int[] ratings = { 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5 };
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder csv = new StringBuilder("rating,measure,below\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(ratings[i % 20]).append(',').append(100 + random.nextInt(200) / 10.0).append(',')
                    .append(-ratings[(i + 3) % 20]).append('\n');
        }
        Path table = Files.writeString(dir.resolve("ratings.csv"), csv);

        // When
        SynthModel model = Synthesizer.train(table, EPSILON_1, 1, ProgressListener.NONE, new SplittableRandom(3));
        model.sample(20_000, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then: each rating's share within 2 points (its bin holds it alone, drawn near it from the noisy histogram,
        // where uniform draws over a bin that spans two ratings would split them), the measure keeps its one decimal
        List<List<String>> rows = SynthesizerTest.read(dir.resolve("out.csv")).subList(1, 20_001);
        double[] expected = { 0.05, 0.20, 0.50, 0.20, 0.05 };
        for (int rating = 1; rating <= 5; rating++) {
            String value = Integer.toString(rating);
            double share = rows.stream().filter(row -> row.get(0).equals(value)).count() / 20_000.0;
            assertThat(share).as("rating %d", rating).isCloseTo(expected[rating - 1], Offset.offset(0.02));
            double below = rows.stream().filter(row -> row.get(2).equals("-" + value)).count() / 20_000.0;
            assertThat(below).as("rating -%d", rating).isCloseTo(expected[rating - 1], Offset.offset(0.02));
        }
        // (noise lifts a few empty cells next to the values into the outer quantiles: rows of -6 or 6, say, stay
        // under 1 %; with the edges rounded down on both sides of zero, -1 was never drawn and -6 was 2.4 %)
        assertThat(rows.stream().filter(row -> !row.get(0).matches("[1-5]|")).count()).isLessThan(200);
        assertThat(rows.stream().filter(row -> !row.get(2).matches("-[1-5]|")).count()).isLessThan(200);
        assertThat(rows).allSatisfy(row -> assertThat(row.get(1)).matches("[0-9]+\\.[0-9]|"));
    }

    @Test
    void valuesAreDrawnInsideABinAsTheNoisyHistogramHasThem() throws IOException {
        // Given: 20,000 values, half in 0 to 10, half in 90 to 100, and at most 2 bins, so one bin spans the gap
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder csv = new StringBuilder("value\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append((i % 2 == 0 ? 0 : 90) + random.nextInt(100) / 10.0).append('\n');
        }
        Path table = Files.writeString(dir.resolve("gap.csv"), csv);
        SynthConfig twoBins = SynthConfig.fromMap(Map.of("maxBins", 2, "privacy", Map.of("epsilon", 1.0)));

        // When
        SynthModel model = Synthesizer.train(table, twoBins, 1, ProgressListener.NONE, new SplittableRandom(3));
        model.sample(10_000, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then: the bins' pieces, read from the released histogram, keep the gap (uniform draws would put 70 % of
        // the values in it)
        // (a missing value is an empty line, which the reader skips)
        List<List<String>> rows = SynthesizerTest.read(dir.resolve("out.csv"));
        rows = rows.subList(1, rows.size());
        long inGap = rows.stream().filter(row -> Double.parseDouble(row.get(0)) > 15 && Double.parseDouble(row.get(0)) < 85)
                .count();
        assertThat(((BayesNetModel) model).columns().get(0).bins()).hasSizeLessThanOrEqualTo(2);
        assertThat(inGap).isLessThan(500);
    }

    @Test
    void aPointInsideABinStaysAPointWhenItsPiecesAreMerged() {
        // Given: one bin from -10 to 30 and 40 groups of the noisy histogram in it, zero among them as a point
        List<double[]> groups = new java.util.ArrayList<>();
        for (int g = -10; g < 30; g++) {
            groups.add(g == 0 ? new double[] { 0, 0, 0 } : new double[] { g, g + 1, 0 });
        }
        double[] weights = new double[groups.size()];
        Arrays.fill(weights, 10);
        weights[10] = 500;

        // When
        List<double[][]> pieces = PrivateDomain.pieces(List.<double[]> of(new double[] { -10, 30 }), groups, weights);

        // Then: at most 16 pieces, zero one of them with its weight
        assertThat(pieces.get(0).length).isLessThanOrEqualTo(ColumnModel.MAX_PIECES);
        assertThat(Arrays.asList(pieces.get(0))).anySatisfy(piece -> assertThat(piece).containsExactly(0, 0, 500));
        assertThat(Arrays.stream(pieces.get(0)).mapToDouble(piece -> piece[2]).sum()).isEqualTo(890);
    }

    @Test
    void declaredBoundsGiveASmallTableItsRange() throws IOException {
        // Given: 300 rows between 3,000 and 6,000 with bounds declared
        Path table = masses();
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0),
                "columns", Map.of("mass", Map.of("min", 2_000, "max", 7_000))));

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, config, 1, ProgressListener.NONE,
                new SplittableRandom(2));

        // Then: every bin lies inside the bounds, and together they reach into the values' range
        List<double[]> bins = model.columns().get(0).bins();
        assertThat(bins).allSatisfy(bin -> {
            assertThat(bin[0]).isBetween(2_000.0, 7_000.0);
            assertThat(bin[1]).isBetween(bin[0], 7_000.0);
        });
        assertThat(bins.get(0)[0]).isLessThan(4_500);
        assertThat(bins.get(bins.size() - 1)[1]).isGreaterThan(4_500);
    }

    @Test
    void aRangeThatDoesNotStandOutOfTheNoiseIsRefusedByName() throws IOException {
        // Given: 300 masses from 3,000 to 5,990 g, at epsilon 0.05: the range's noise scale is 1 / (0.05 · 0.7 · 0.5)
        // = 57 rows, so an octave must hold some 7.4 scales (424 rows) to tell it from the noise of 167 octaves, and
        // the fullest holds 200
        Path table = masses();
        SynthConfig small = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 0.05),
                "columns", Map.of("mass", Map.of("type", "integer"))));

        // Then: training stops, naming the column and what to declare, instead of a range where no value lies
        assertThatThrownBy(() -> Synthesizer.train(table, small, 1, ProgressListener.NONE, new SplittableRandom(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("differential privacy: integer column mass has too few values")
                .hasMessageContaining("Declare columns.mass.min and max")
                .hasMessageNotContaining("drawn privately"); // its type is declared

        // and at epsilon 1 (a scale of 2.9 rows) the same column finds its range by itself
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table,
                SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0))), 1, ProgressListener.NONE,
                new SplittableRandom(1));
        List<double[]> bins = model.columns().get(0).bins();
        assertThat(bins.get(0)[0]).isBetween(2_048.0, 3_500.0);
        assertThat(bins.get(bins.size() - 1)[1]).isBetween(5_500.0, 8_192.0);
    }

    @Test
    void aColumnWithoutValuesGetsARangeOnlyAsOftenAsTheNoiseStandsOut() throws IOException {
        // Given: a declared integer column of 5 rows, all missing: every octave's count is noise alone, and so nearly
        // is the missing count (5 rows against a noise scale of 2.9)
        Path table = Files.writeString(dir.resolve("empty.csv"), "n\n" + "NA\n".repeat(5));
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0),
                "columns", Map.of("n", Map.of("type", "integer"))));

        // When
        int draws = 1_000;
        int ranged = 0;
        for (int draw = 0; draw < draws; draw++) {
            try {
                BayesNetModel model = (BayesNetModel) Synthesizer.train(table, config, 1, ProgressListener.NONE,
                        new SplittableRandom(draw));
                ranged += model.columns().get(0).bins().isEmpty() ? 0 : 1;
            } catch (InvalidInputException refused) {
                assertThat(refused).hasMessageContaining("integer column n has too few values");
            }
        }

        // Then: the largest of the 2 · 83 + 1 noisy octaves passes with probability FALSE_RANGE, less the octaves
        // finer than a whole number, which cannot be the fullest (about 127 of 167 are left: 0.038)
        assertThat(ranged / (double) draws).isBetween(0.02, 0.06);
    }

    @Test
    void aColumnOfMissingValuesInALargerTableIsWrittenMissingNotRefused() throws IOException {
        // Given: 2,000 rows whose amount is always missing, its type drawn privately or declared
        StringBuilder csv = new StringBuilder("kind,amount\n");
        for (int i = 0; i < 2_000; i++) {
            csv.append(i % 3 == 0 ? "a" : "b").append(",\n");
        }
        Path table = Files.writeString(dir.resolve("blank.csv"), csv);
        SynthConfig declared = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0),
                "columns", Map.of("amount", Map.of("type", "decimal"))));

        for (SynthConfig config : List.of(EPSILON_1, declared)) {
            for (int draw = 0; draw < 20; draw++) {
                // When: no draw is refused
                SynthModel model = Synthesizer.train(table, config, 1, ProgressListener.NONE,
                        new SplittableRandom(draw));
                model.sample(500, 1, dir.resolve("out.csv"), ProgressListener.NONE);

                // Then: the column is written missing, as it is
                assertThat(SynthesizerTest.column(SynthesizerTest.read(dir.resolve("out.csv")).subList(1, 501), 1))
                        .as("draw %d", draw).containsOnly("");
            }
        }
    }

    @Test
    void aNamedTargetGetsThreePartsOfTheDomainBudgetAndThePartsStillAddUp() {
        // Given: five columns, one with declared labels (it releases nothing), and the target
        List<ColumnProfile> profiles = List.of(profile("a", "1"), profile("b", "1"), profile("c", "1"),
                profile("declared", "x"), profile("y", "1"));
        SynthConfig withTarget = SynthConfig.fromMap(Map.of("target", "y", "privacy", Map.of("epsilon", 1.0),
                "columns", Map.of("declared", Map.of("values", List.of("x")))));
        SynthConfig declaredTarget = SynthConfig.fromMap(Map.of("target", "declared", "privacy",
                Map.of("epsilon", 1.0), "columns", Map.of("declared", Map.of("values", List.of("x")))));

        // When: 0.1 per releasing column
        double[] parts = PrivateDomain.parts(profiles, withTarget, 0.1);
        double[] equal = PrivateDomain.parts(profiles, declaredTarget, 0.1);

        // Then: four releasing columns share 0.4: the target 3/6 of it, the others 1/6 each; a target whose labels are
        // declared releases nothing and changes nothing
        assertThat(parts[4]).isCloseTo(0.2, Offset.offset(1e-12));
        assertThat(parts[0]).isCloseTo(0.4 / 6, Offset.offset(1e-12));
        assertThat(parts[0] * 3 + parts[4]).isCloseTo(0.4, Offset.offset(1e-12));
        assertThat(equal).containsOnly(0.1);
    }

    @Test
    void declaredLabelsAreKeptWithoutSpendingBudget() throws IOException {
        // Given: 40 rows, far too few for any label to pass the threshold, with the labels declared
        StringBuilder csv = new StringBuilder("kind,size\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 4 == 0 ? "" : i % 4 == 1 ? "lonely" : "common").append(',').append(i).append('\n');
        }
        Path table = Files.writeString(dir.resolve("declared.csv"), csv);
        SynthConfig config = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0), "columns", Map.of("kind",
                Map.of("values", List.of("common", "rare one", "")), "size", Map.of("min", 0, "max", 40))));

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, config, 1, ProgressListener.NONE,
                new SplittableRandom(1));

        // Then: the declared labels, whether the data holds them or not; the others pooled; the empty one missing
        ColumnModel kind = model.columns().get(0);
        assertThat(kind.labels()).containsExactly("common", "rare one", ColumnModel.RARE);
        assertThat(kind.missingToken()).isEmpty();
        assertThat(PrivateDomain.releasedColumns(List.of(profile("kind", "a"), profile("size", "1")), config))
                .isEqualTo(1);
    }

    @Test
    void boundsAreDeclaredInFullOnNumericColumns() {
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("columns", Map.of("x", Map.of("min", 1)))))
                .hasMessageContaining("columns.x.max");
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("columns", Map.of("x", Map.of("min", 1, "max", "")))))
                .hasMessageContaining("columns.x.max");
        // numbers are compared as the configuration is read (the hub reads it so), before any training
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("columns", Map.of("x", Map.of("min", 5, "max", 5)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model configuration setting columns.x.min must be below its max");
    }

    @Test
    void theGridPlacesValuesInCellsThatHoldThem() {
        for (double value : new double[] { 1, 1.5, 3.999, -1, -1.5, -3.999, 16_436, 1.7e9, -2e-3, 123.456 }) {
            // When
            int[] place = PrivateDomain.locate(value);
            double[] edges = PrivateDomain.cellEdges(place[0], place[1]);

            // Then
            assertThat(value).isBetween(edges[0], edges[1]);
        }
        assertThat(PrivateDomain.locate(0)).isEqualTo(PrivateDomain.locate(1e-9));
    }

    /** @return a table of 300 masses from 3,000 to 5,990 g in steps of 10 */
    private Path masses() throws IOException {
        StringBuilder csv = new StringBuilder("mass\n");
        for (int i = 0; i < 300; i++) {
            csv.append(3_000 + i * 10).append('\n');
        }
        return Files.writeString(dir.resolve("mass.csv"), csv);
    }

    private static ColumnProfile profile(String name, String value) {
        ColumnProfile profile = new ColumnProfile(name, null, 1);
        profile.accept(value, 1);
        return profile;
    }

    private static double rank(double[] sorted, double value) {
        int position = Arrays.binarySearch(sorted, value);
        return position >= 0 ? position : -position - 1;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
