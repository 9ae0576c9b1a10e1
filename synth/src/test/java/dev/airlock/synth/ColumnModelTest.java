package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ColumnModelTest {

    @Test
    void decimalFormattingMatchesBigDecimal() {
        // Given
        SplittableRandom random = new SplittableRandom(1);

        // When / Then
        for (int i = 0; i < 100_000; i++) {
            double number = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(8));
            int decimals = random.nextInt(7);
            String expected = BigDecimal.valueOf(Math.round(number * Math.pow(10, decimals)))
                    .movePointLeft(decimals).setScale(decimals, RoundingMode.UNNECESSARY).toPlainString();
            assertThat(ColumnModel.decimal(number, decimals)).as("%s at %d", number, decimals).isEqualTo(expected);
        }
        assertThat(ColumnModel.decimal(-0.04, 1)).isEqualTo("0.0");
        assertThat(ColumnModel.decimal(2.5, 0)).isEqualTo("3");
        assertThat(ColumnModel.decimal(-1.05, 2)).isEqualTo("-1.05");
    }

    @Test
    void aLargeColumnIsClippedAtTheKthValueOfEveryRowNotOfItsSampleAndItsTailsGoOnFromThere() {
        // Given: 60,000 distinct values in shuffled order, three times the 20,000 the profile samples
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            values.add(Integer.toString(i));
        }
        java.util.Collections.shuffle(values, new java.util.Random(4));

        // When
        ColumnModel column = numericColumn(values, 10);

        // Then: the outer bins reach the 10th smallest and 10th largest of all 60,000 values, beyond the sample's
        // own 10th (some 30 values further in)
        assertThat(column.bins().get(0)[0]).isEqualTo(9.0);
        assertThat(column.bins().get(column.bins().size() - 1)[1]).isEqualTo(59_990.0);
        // the tails' scale is the gap between the 10th and the 20th value over 1/10 + … + 1/19; they end where an
        // exponential tail of that scale puts the farthest of the 9 rows beyond, on average: 1 + 1/2 + … + 1/9 scales
        double scale = 10 / harmonic(10, 19);
        double[] high = column.tails().get(1);
        assertThat(high[0]).isCloseTo(scale, within(1e-9));
        assertThat(high[2]).isCloseTo(59_990 + scale * harmonic(1, 9), within(1e-6));
        // the low tail would reach below zero, where no value of this column lies: it stops there
        assertThat(column.tails().get(0)[2]).isZero();
        SplittableRandom random = new SplittableRandom(2);
        ColumnModel.Writer writer = column.new Writer();
        List<Double> drawn = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            drawn.add(Double.parseDouble(writer.value(i % 2 == 0 ? 0 : column.bins().size() - 1, random)));
        }
        assertThat(drawn).allSatisfy(v -> assertThat(v).isBetween(0.0, Math.floor(high[2])))
                .anySatisfy(v -> assertThat(v).isLessThan(9.0))
                .anySatisfy(v -> assertThat(v).isGreaterThan(59_990.0 + scale));
        // the outer bin stands for 3,000 rows, 9 of them beyond the bound: so are about 9 in 3,000 of its draws
        long past = drawn.stream().filter(v -> v > 59_990).count();
        assertThat(past / 100_000.0).isCloseTo(9 / 3_000.0, within(0.001));
    }

    @Test
    void theTailsDependOnHowManyRowsLieBeyondTheKthValueNotOnTheirValues() {
        // Given: 1 to 1,000, and the same with the nine largest and the nine smallest values moved far out
        List<String> plain = oneTo(1_000);
        List<String> extreme = new ArrayList<>(plain);
        for (int i = 0; i < 9; i++) {
            extreme.set(999 - i, Integer.toString(5_000_000 + 7_919 * i));
            extreme.set(i, Integer.toString(-i * 100_000));
        }

        // When
        ColumnModel a = numericColumn(plain, 10);
        ColumnModel b = numericColumn(extreme, 10);

        // Then: the same bins, pieces and tails
        assertThat(b.bins()).usingRecursiveComparison().isEqualTo(a.bins());
        assertThat(b.pieces()).usingRecursiveComparison().isEqualTo(a.pieces());
        assertThat(b.tails()).usingRecursiveComparison().isEqualTo(a.tails());
        assertThat(a.tails()).allSatisfy(t -> assertThat(t).isNotNull());
    }

    @Test
    void aTailStopsAtADeclaredBound() {
        // Given: 1 to 1,000, declared between 0 and 1,000 (the 10th largest is 991)
        ColumnProfile profile = profile(oneTo(1_000));

        // When
        ColumnModel declared = ColumnModel.of(profile, ColumnType.INTEGER, 10, 20, true, List.of("0", "995"));
        ColumnModel atTheBound = ColumnModel.of(profile, ColumnType.INTEGER, 10, 20, true, List.of("10", "991"));

        // Then: the high tail ends at the declared 995, short of its own reach; bounds at the 10th values leave none
        assertThat(declared.tails().get(1)[2]).isEqualTo(995.0);
        assertThat(declared.tails().get(0)[2]).isZero();
        assertThat(atTheBound.tails()).isNull();
    }

    @Test
    void aColumnOfFewerThanEightKValuesOrOfDatesHasNoTails() {
        // When
        ColumnModel small = numericColumn(oneTo(79), 10);
        ColumnModel enough = numericColumn(oneTo(80), 10);
        List<String> days = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            days.add(java.time.LocalDate.of(2012, 1, 1).plusDays(i).toString());
        }
        ColumnModel dates = ColumnModel.of(profile(days), ColumnType.DATETIME, 10, 20, true);

        // Then
        assertThat(small.tails()).isNull();
        assertThat(enough.tails()).hasSize(2);
        assertThat(dates.tails()).isNull();
        assertThat(dates.bins().get(0)[0]).isEqualTo(java.time.LocalDate.of(2012, 1, 10).toEpochDay());
    }

    private static double harmonic(int from, int to) {
        double sum = 0;
        for (int j = from; j <= to; j++) {
            sum += 1.0 / j;
        }
        return sum;
    }

    @Test
    void aLargeDateColumnIsClippedAtTheKthDateOfEveryRow() {
        // Given: 60,000 distinct days in shuffled order
        java.time.LocalDate start = java.time.LocalDate.of(1900, 1, 1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            values.add(start.plusDays(i).toString());
        }
        java.util.Collections.shuffle(values, new java.util.Random(6));
        ColumnProfile profile = profile(values);

        // When
        ColumnModel column = ColumnModel.of(profile, ColumnType.DATETIME, 10, 20, true);

        // Then: the outer bins reach the 10th earliest and latest of all days, as epoch days
        assertThat(column.bins().get(0)[0]).isEqualTo((double) start.plusDays(9).toEpochDay());
        assertThat(column.bins().get(column.bins().size() - 1)[1])
                .isEqualTo((double) start.plusDays(59_990).toEpochDay());
    }

    @Test
    void aLargeTimestampColumnWithFractionsIsClippedAtTheKthInstantOfEveryRow() {
        // Given: 60,000 distinct instants, a quarter second apart, written with one or two fraction digits
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2024, 3, 15, 8, 30);
        java.time.format.DateTimeFormatter seconds = java.time.format.DateTimeFormatter.ofPattern(
                "uuuu-MM-dd HH:mm:ss");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            java.time.LocalDateTime time = start.plusNanos(250_000_000L * i);
            String fraction = switch (time.getNano() / 250_000_000) {
                case 0 -> ".0";
                case 1 -> ".25";
                case 2 -> ".5";
                default -> ".75";
            };
            values.add(time.format(seconds) + fraction);
        }
        java.util.Collections.shuffle(values, new java.util.Random(7));
        ColumnProfile profile = profile(values);

        // When
        ColumnModel column = ColumnModel.of(profile, ColumnType.DATETIME, 10, 20, true);

        // Then: the column is held in hundredths of a second, and its outer bins reach the 10th earliest and latest
        // instant of all rows
        assertThat(column.datePattern()).isEqualTo("uuuu-MM-dd HH:mm:ss.SS");
        long first = start.toEpochSecond(java.time.ZoneOffset.UTC) * 100;
        assertThat(column.bins().get(0)[0]).isEqualTo((double) (first + 9 * 25));
        assertThat(column.bins().get(column.bins().size() - 1)[1]).isEqualTo((double) (first + 59_990 * 25));
    }

    @Test
    void aNumberColumnIsAParentInQuartersOfNeighbouringBinsItsMissingBinApart() {
        // Given: the numbers 1 to 800 and 40 blanks, beside a label column
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 800; i++) {
            values.add(Integer.toString(i));
        }
        for (int i = 0; i < 40; i++) {
            values.add("");
        }
        ColumnModel number = numericColumn(values, 10);
        ColumnModel label = ColumnModel.of(profile(java.util.Collections.nCopies(840, "a")), ColumnType.CATEGORICAL, 10,
                20, true);
        ColumnModel.Binner binner = number.new Binner();
        List<int[]> sample = values.stream().map(v -> new int[] { binner.bin(v), 0 }).toList();

        // When
        int[][] groups = Synthesizer.parentGroups(List.of(number, label), sample);

        // Then: neighbouring bins share a group, each of the four holds about a quarter of the numbers, the missing
        // bin is a fifth; the label column is not grouped
        int[] group = groups[0];
        assertThat(group).hasSize(number.binCount());
        long[] rows = new long[5];
        sample.forEach(row -> rows[group[row[0]]]++);
        for (int b = 1; b < number.missingBin(); b++) {
            assertThat(group[b]).isBetween(group[b - 1], group[b - 1] + 1);
        }
        assertThat(group[number.missingBin()]).isEqualTo(4);
        for (int g = 0; g < 4; g++) {
            assertThat(rows[g]).isBetween(150L, 250L);
        }
        assertThat(rows[4]).isEqualTo(40);
        assertThat(groups[1]).isNull();
    }

    @Test
    void everyNumericBinAndPieceStandsForAtLeastKRows() {
        // Given: heaped values (a third of the rows at 100, many at multiples of 10) among scattered ones
        List<String> values = heapedValues(5_000);
        ColumnModel column = numericColumn(values, 10);

        // When
        ColumnModel.Binner binner = column.new Binner();
        long[] perBin = new long[column.binCount()];
        values.forEach(v -> perBin[binner.bin(v)]++);

        // Then
        assertThat(java.util.Arrays.stream(perBin).min().orElseThrow()).isGreaterThanOrEqualTo(10);
        for (int b = 0; b < column.bins().size(); b++) {
            double[][] pieces = column.pieces().get(b);
            if (pieces != null) {
                double weight = 0;
                for (double[] piece : pieces) {
                    assertThat(piece[2]).isGreaterThanOrEqualTo(10);
                    assertThat(piece[0]).isLessThanOrEqualTo(piece[1]);
                    weight += piece[2];
                }
                assertThat(weight).isEqualTo(perBin[b]);
            }
        }
        assertThat(column.bins()).hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void valuesDrawnInsideBinsKeepTheColumnsShape() {
        // Given
        List<String> values = heapedValues(5_000);
        ColumnModel column = numericColumn(values, 10);
        ColumnModel.Binner binner = column.new Binner();
        long[] perBin = new long[column.binCount()];
        values.forEach(v -> perBin[binner.bin(v)]++);

        // When: bins drawn in their training shares, values drawn inside them
        ColumnModel.Writer writer = column.new Writer();
        SplittableRandom random = new SplittableRandom(3);
        Map<String, Integer> drawn = new HashMap<>();
        int draws = 50_000;
        for (int i = 0; i < draws; i++) {
            long u = random.nextLong(values.size());
            int bin = 0;
            while (u >= perBin[bin]) {
                u -= perBin[bin++];
            }
            drawn.merge(writer.value(bin, random), 1, Integer::sum);
        }

        // Then: the heaped values keep their shares, which drawing uniformly inside intervals would smear
        Map<String, Integer> real = new HashMap<>();
        values.forEach(v -> real.merge(v, 1, Integer::sum));
        for (String heaped : List.of("100", "250", "400", "750")) {
            double expected = real.get(heaped) / (double) values.size();
            assertThat(drawn.getOrDefault(heaped, 0) / (double) draws).as(heaped).isCloseTo(expected,
                    org.assertj.core.data.Percentage.withPercentage(15));
        }
    }

    @Test
    void aSmallTablesExtremesAreClippedToTheKthValueFromEachEnd() {
        // Given: 1 to 100 once each, where the 0.5 % and 99.5 % quantiles that clipped before (1.5 and 99.5) lie
        // between the two most extreme values; without tails, which would draw past the bins
        ColumnModel tailed = numericColumn(oneTo(100), 10);
        ColumnModel column = new ColumnModel(tailed.name(), tailed.type(), null, tailed.bins(), 0, null, null,
                tailed.pieces());

        // When
        ColumnModel.Writer writer = column.new Writer();
        SplittableRandom random = new SplittableRandom(5);
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            int drawn = Integer.parseInt(writer.value(i % column.bins().size(), random));
            lowest = Math.min(lowest, drawn);
            highest = Math.max(highest, drawn);
        }

        // Then: nothing beyond the 10th smallest and the 10th largest value, which 10 rows each reach or pass
        assertThat(column.bins().get(0)[0]).isEqualTo(10.0);
        assertThat(column.bins().get(column.bins().size() - 1)[1]).isEqualTo(91.0);
        assertThat(lowest).isEqualTo(10);
        assertThat(highest).isEqualTo(91);
    }

    @Test
    void aColumnOfFewerThanTwiceKValuesIsAnIntervalNotARowsValue() {
        for (int n : new int[] { 3, 9, 10, 15, 19 }) {
            // When: 1 to n, k = 10, where the k-th values from each end cross or meet
            ColumnModel column = numericColumn(oneTo(n), 10);

            // Then: one interval inside the column's range, clipped to its quantiles
            assertThat(column.bins()).as("%d values", n).hasSize(1);
            double[] bin = column.bins().get(0);
            assertThat(bin[0]).as("%d values", n).isGreaterThan(1.0).isLessThan(bin[1]);
            assertThat(bin[1]).as("%d values", n).isLessThan(n);
        }
    }

    @Test
    void aLargerTableKeepsItsTailsDownToTheKthValue() {
        // Given: 1 to 5,000 once each, whose 0.5 % and 99.5 % quantiles (26 and 4,975) would cut 25 rows off each end
        List<String> values = oneTo(5_000);

        // When
        ColumnModel column = numericColumn(values, 10);

        // Then
        assertThat(column.bins().get(0)[0]).isEqualTo(10.0);
        assertThat(column.bins().get(column.bins().size() - 1)[1]).isEqualTo(4_991.0);
    }

    @Test
    void differentiallyPrivateColumnsKeepNoPieces() {
        ColumnModel column = ColumnModel.of(profile(heapedValues(2_000)), ColumnType.INTEGER, 10, 20, false);
        assertThat(column.pieces()).isNull();
    }

    /** Integers in 0..999: a third at 100, a third at multiples of 50 (each ≥ k), a third scattered. */
    private static List<String> heapedValues(int rows) {
        SplittableRandom random = new SplittableRandom(1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int value = switch (i % 3) {
                case 0 -> 100;
                case 1 -> 50 * random.nextInt(20);
                default -> random.nextInt(1000);
            };
            values.add(Integer.toString(value));
        }
        return values;
    }

    private static List<String> oneTo(int n) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            values.add(Integer.toString(i));
        }
        return values;
    }

    private static ColumnModel numericColumn(List<String> values, int k) {
        return ColumnModel.of(profile(values), ColumnType.INTEGER, k, 20, true);
    }

    private static ColumnProfile profile(List<String> values) {
        ColumnProfile profile = new ColumnProfile("x", null, 1);
        for (int i = 0; i < values.size(); i++) {
            profile.accept(values.get(i), i + 2);
        }
        return profile;
    }
}
