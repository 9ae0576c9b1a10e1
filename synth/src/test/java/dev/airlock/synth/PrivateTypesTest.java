package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateTypesTest {

    private static final SynthConfig EPSILON_1 = SynthConfig.fromMap(Map.of("privacy", Map.of("epsilon", 1.0)));

    @TempDir
    Path dir;

    @Test
    void oneOddValueDecidesNeitherTypeNorDigits() throws IOException {
        // Given: 2,000 rows where one row holds a word in a number column, one a number with 8 decimals, one a word
        // in a date column; without privacy the word makes the column categorical and the long number 8 digits
        StringBuilder csv = new StringBuilder("amount,day,kind,flag,stamp,count\n");
        for (int i = 0; i < 2_000; i++) {
            String amount = i == 7 ? "unknown" : i == 8 ? "12.12345678" : (i % 500) + "." + (10 + i % 90);
            String day = i == 9 ? "someday" : String.format("2020-%02d-%02d", 1 + i % 12, 1 + i % 28);
            csv.append(amount).append(',').append(day).append(',').append("k").append(i % 4).append(',')
                    .append(i % 3 == 0 ? "true" : "false").append(',')
                    .append(String.format("2021-03-%02dT10:%02d:%02d.%03d", 1 + i % 28, i % 60, i % 59, i % 1000))
                    .append(',').append(i % 37).append('\n');
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        List<ColumnModel> plain = ((BayesNetModel) Synthesizer.train(table, SynthConfig.defaults(), 1,
                ProgressListener.NONE)).columns();

        // When
        for (int run = 0; run < 40; run++) {
            List<ColumnModel> columns = ((BayesNetModel) Synthesizer.train(table, EPSILON_1, 1,
                    ProgressListener.NONE, new SplittableRandom(run))).columns();

            // Then: the odd values are missing values of the columns the rest of the rows make
            assertThat(columns).extracting(ColumnModel::type).containsExactly(ColumnType.DECIMAL,
                    ColumnType.DATETIME, ColumnType.CATEGORICAL, ColumnType.BOOLEAN, ColumnType.DATETIME,
                    ColumnType.INTEGER);
            assertThat(columns.get(0).decimals()).isEqualTo(2);
            assertThat(columns.get(1).datePattern()).isEqualTo("uuuu-MM-dd");
            assertThat(columns.get(4).datePattern()).isEqualTo("uuuu-MM-dd'T'HH:mm:ss.SSS");
        }
        assertThat(plain).extracting(column -> column.type().numeric()).startsWith(false, false);
    }

    @Test
    void theTypeIsDrawnWithTheExponentialMechanismsProbabilities() {
        // Given: scores 0, 10 and -5 at epsilon 0.2, the last with half the weight
        List<Double> scores = List.of(0.0, 10.0, -5.0);
        double[] weights = { 1, Math.exp(2), 0.5 * Math.exp(-1) };
        double total = weights[0] + weights[1] + weights[2];
        SplittableRandom noise = new SplittableRandom(11);
        int draws = 40_000;

        // When
        int[] chosen = new int[3];
        for (int i = 0; i < draws; i++) {
            chosen[PrivateTypes.exponentialMechanism(scores, List.of(1.0, 1.0, 0.5), 0.2, noise)]++;
        }

        // Then: each choice comes up with probability weight · exp(ε · score) over the sum
        for (int i = 0; i < 3; i++) {
            assertThat(chosen[i] / (double) draws).isCloseTo(weights[i] / total, Offset.offset(0.01));
        }
    }

    @Test
    void digitsHeldByOneRowAreNotReleased() {
        // Given: 200 values with 2 decimals and one with 8, at a digits epsilon of 0.05 (scale 20)
        long[] histogram = new long[9];
        histogram[2] = 200;
        histogram[8] = 1;
        SplittableRandom noise = new SplittableRandom(5);

        // When
        int twos = 0;
        for (int run = 0; run < 1_000; run++) {
            twos += PrivateTypes.digits(histogram, 0.05, noise) == 2 ? 1 : 0;
        }

        // Then: the threshold is 20 · ln(9 / 0.002) = 168 rows (above the tenth of the fullest bucket, 20), which
        // the row with 8 decimals or any of the six empty buckets passes with probability ½ e^-8.4 = 0.01 % each
        assertThat(twos).isGreaterThanOrEqualTo(995);
    }

    @Test
    void declaredLabelsMakeACategoricalOrBooleanColumnWithoutSpending() {
        // Given
        ColumnProfile yesNo = new ColumnProfile("a", null, 1, true);
        ColumnProfile labels = new ColumnProfile("b", null, 1, true);

        // When
        PrivateTypes.Choice booleanChoice = PrivateTypes.choose(yesNo, List.of("yes", "no"), null, 1, 100,
                new SplittableRandom(1));
        PrivateTypes.Choice categorical = PrivateTypes.choose(labels, List.of("x", "y", ""), null, 1, 100,
                new SplittableRandom(1));

        // Then
        assertThat(booleanChoice).isEqualTo(new PrivateTypes.Choice(ColumnType.BOOLEAN, null, 0, 0));
        assertThat(categorical).isEqualTo(new PrivateTypes.Choice(ColumnType.CATEGORICAL, null, 0, 0));
    }

    @Test
    void declaredBoundsMakeANumberOrADateColumnWithoutDrawingTheType() {
        // Given: a column of words, whose drawn type would be categorical
        ColumnProfile words = new ColumnProfile("w", null, 1, true);
        for (int i = 0; i < 100; i++) {
            words.accept("word" + i % 3, i + 2);
        }

        // When
        PrivateTypes.Choice number = PrivateTypes.choose(words, null, List.of("0", "250.5"), 1, 100,
                new SplittableRandom(1));
        PrivateTypes.Choice day = PrivateTypes.choose(words, null, List.of("2020-01-01", "2024-12-31"), 1, 100,
                new SplittableRandom(1));

        // Then: the bounds' numbers or dates make the type; a number still releases its digits (a tenth of the part,
        // as 40 / 100 rows is more), a date without seconds has none to release
        assertThat(number.type()).isIn(ColumnType.INTEGER, ColumnType.DECIMAL);
        assertThat(number.spent()).isEqualTo(PrivateTypes.DIGITS_PART);
        assertThat(day).isEqualTo(new PrivateTypes.Choice(ColumnType.DATETIME, "uuuu-MM-dd", 0, 0));
    }

    @Test
    void codesWithLeadingZerosAreLabelsWithAndWithoutPrivacy() throws IOException {
        // Given: zip codes, 40 of them over 4,000 rows
        StringBuilder csv = new StringBuilder("zip,n\n");
        for (int i = 0; i < 4_000; i++) {
            csv.append(String.format("%05d", i % 40 * 7)).append(',').append(i % 50).append('\n');
        }
        Path table = Files.writeString(dir.resolve("zip.csv"), csv);

        // When
        ColumnModel plain = ((BayesNetModel) Synthesizer.train(table, SynthConfig.defaults(), 1,
                ProgressListener.NONE)).columns().get(0);
        ColumnModel dp = ((BayesNetModel) Synthesizer.train(table, EPSILON_1, 1, ProgressListener.NONE,
                new SplittableRandom(2))).columns().get(0);

        // Then: labels, written with their zeros (before, a number column wrote 00007 as 7)
        assertThat(plain.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(plain.labels()).contains("00007", "00273");
        assertThat(dp.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(ColumnProfile.leadingZero("0.5")).isFalse();
        assertThat(ColumnProfile.leadingZero("-007")).isTrue();
    }

    @Test
    void aConfiguredTypeIsNotCheckedAgainstTheValuesUnderPrivacy() throws IOException {
        // Given: a column configured as integer where one row of 2,000 holds a word
        StringBuilder csv = new StringBuilder("n,m\n");
        for (int i = 0; i < 2_000; i++) {
            csv.append(i == 5 ? "many" : Integer.toString(i % 30)).append(',').append(i % 7).append('\n');
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        SynthConfig integer = SynthConfig.fromMap(
                Map.of("columns", Map.of("n", Map.of("type", "integer")), "privacy", Map.of("epsilon", 1.0)));
        SynthConfig integerWithoutPrivacy = SynthConfig.fromMap(Map.of("columns", Map.of("n", Map.of("type",
                "integer"))));

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, integer, 1, ProgressListener.NONE,
                new SplittableRandom(4));

        // Then: the word is a missing value (an error would name its row in the task's status, outside the zone);
        // without privacy the error stands
        assertThat(model.columns().get(0).type()).isEqualTo(ColumnType.INTEGER);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Synthesizer.train(table, integerWithoutPrivacy, 1,
                ProgressListener.NONE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("row");
    }

    @Test
    void aNumberBeyondADoublesRangeIsNotANumber() throws IOException {
        // Given: 200 decimals and one 1e400
        StringBuilder csv = new StringBuilder("x\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(".5\n");
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv.append("1e400\n"));

        // When
        BayesNetModel plain = (BayesNetModel) Synthesizer.train(table, SynthConfig.defaults(), 1,
                ProgressListener.NONE);
        plain.sample(100, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then: the column is not numeric without privacy (it was a decimal column that failed to sample), and with
        // privacy the value is a missing one
        assertThat(plain.columns().get(0).type().numeric()).isFalse();
        assertThat(ColumnModel.number("1e400", null, null)).isNull();
        assertThat(ColumnModel.number("2.5", null, null)).isEqualTo(2.5);
    }
}
