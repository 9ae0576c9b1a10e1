package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

class SynthesizerTest {

    static final Path PENGUINS = Path.of("../data/penguins.csv");
    static final Path WEATHER = Path.of("../data/seattle-weather.csv");

    @Test
    void aLinkWhoseTableIsLargeForTheSampleCostsMoreThanAkaikesNat() {
        // Given: a child of 8 values whose parents would have 27 configurations (189 parameters against 7 alone),
        // carrying one nat a row
        double[] with = { 1.0, 27, 8 };

        // When / Then: on 275 rows Akaike's penalty (182 / 275 = 0.66 nats a row) would take the link; corrected for
        // the sample it costs 189 / 85 - 7 / 267 = 2.20 nats a row and is refused
        assertThat(Synthesizer.gain(with, null, 275)).isCloseTo(1.0 - 189.0 / 85 + 7.0 / 267, within(1e-9))
                .isNegative();
        // on a million rows the correction vanishes: Akaike's one nat over the sample per parameter
        assertThat(Synthesizer.gain(with, null, 1_000_000)).isCloseTo(1.0 - 182.0 / 1_000_000, within(1e-6));
        // a table with as many parameters as the sample has rows is never made
        assertThat(Synthesizer.gain(with, null, 189)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void sampledTableHasTheHeaderAndKeepsEachColumnsValueSpace(@TempDir Path dir) throws IOException {
        // Given
        SynthModel model = Synthesizer.train(PENGUINS, SynthConfig.defaults(), 1, ProgressListener.NONE);

        // When
        model.sample(2000, 3, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        List<List<String>> real = read(PENGUINS);
        List<List<String>> synthetic = read(dir.resolve("out.csv"));
        assertThat(synthetic.get(0)).isEqualTo(real.get(0));
        assertThat(synthetic).hasSize(2001);
        assertThat(column(synthetic, 0)).containsOnly("Adelie", "Gentoo", "Chinstrap");
        // the real range is 2,700–6,300 g; the tails go on past the 10th values (3,000 and 5,800 g) about as far as
        // an exponential tail scaled by the 10 rows inside each would (to about 2,410 and 6,390 g)
        List<Double> mass = column(synthetic, 5).stream().filter(v -> !v.isEmpty()).map(Double::valueOf).toList();
        assertThat(mass).allSatisfy(m -> assertThat(m).isBetween(2_300.0, 6_700.0));
        assertThat(column(synthetic, 4)).allSatisfy(v -> assertThat(v).matches("|[0-9]+"));
    }

    @Test
    void dependenciesBetweenColumnsAreKept(@TempDir Path dir) throws IOException {
        // Given
        SynthModel model = Synthesizer.train(PENGUINS, SynthConfig.defaults(), 1, ProgressListener.NONE);

        // When
        model.sample(3000, 5, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then: Gentoo penguins live only on Biscoe and are the heaviest
        List<List<String>> synthetic = read(dir.resolve("out.csv")).subList(1, 3001);
        long gentoo = synthetic.stream().filter(r -> r.get(0).equals("Gentoo")).count();
        long gentooOnBiscoe = synthetic.stream().filter(r -> r.get(0).equals("Gentoo") && r.get(1).equals("Biscoe"))
                .count();
        assertThat((double) gentooOnBiscoe / gentoo).isGreaterThan(0.9);
        assertThat(meanMass(synthetic, "Gentoo")).isGreaterThan(meanMass(synthetic, "Adelie") + 800);
    }

    @Test
    void theMarginalsBaselineDrawsColumnsIndependently(@TempDir Path dir) throws IOException {
        // Given
        SynthConfig marginals = SynthConfig.fromMap(Map.of("synthesizer", "marginals"));
        SynthModel model = Synthesizer.train(PENGUINS, marginals, 1, ProgressListener.NONE);

        // When
        model.sample(3000, 5, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        List<List<String>> synthetic = read(dir.resolve("out.csv")).subList(1, 3001);
        long gentoo = synthetic.stream().filter(r -> r.get(0).equals("Gentoo")).count();
        long gentooOnBiscoe = synthetic.stream().filter(r -> r.get(0).equals("Gentoo") && r.get(1).equals("Biscoe"))
                .count();
        assertThat((double) gentooOnBiscoe / gentoo).isLessThan(0.7);
    }

    @Test
    void datesAreRecognisedAndWrittenInTheirOwnFormat(@TempDir Path dir) throws IOException {
        // Given
        SynthModel model = Synthesizer.train(WEATHER, SynthConfig.defaults(), 1, ProgressListener.NONE);

        // When
        model.sample(500, 5, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        List<List<String>> synthetic = read(dir.resolve("out.csv"));
        assertThat(column(synthetic, 0)).allSatisfy(d -> assertThat(d).matches("201[2-5]-[01][0-9]-[0-3][0-9]"));
        assertThat(column(synthetic, 1)).allSatisfy(p -> assertThat(p).matches("[0-9]+\\.[0-9]"));
    }

    @Test
    void labelsRarerThanKArePooledAndNeverWritten(@TempDir Path dir) throws IOException {
        // Given: one island renamed on three rows only
        List<String> lines = new ArrayList<>(Files.readAllLines(PENGUINS));
        for (int i = 1; i <= 3; i++) {
            lines.set(i, lines.get(i).replace("Torgersen", "Secretisle"));
        }
        Path table = Files.write(dir.resolve("rare.csv"), lines);
        SynthModel model = Synthesizer.train(table, SynthConfig.defaults(), 1, ProgressListener.NONE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // When
        model.write(bytes);
        model.sample(5000, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("Secretisle");
        assertThat(column(read(dir.resolve("out.csv")), 1)).doesNotContain("Secretisle").contains("_RARE_");
    }

    @Test
    void theSameSeedGivesTheSameBytesAndTheModelRoundTrips(@TempDir Path dir) throws IOException {
        // Given
        byte[] first = bytes(Synthesizer.train(PENGUINS, SynthConfig.defaults(), 7, ProgressListener.NONE));
        byte[] second = bytes(Synthesizer.train(PENGUINS, SynthConfig.defaults(), 7, ProgressListener.NONE));
        SynthModel reread = SynthModel.read(new ByteArrayInputStream(first));

        // When
        reread.sample(100, 2, dir.resolve("a.csv"), ProgressListener.NONE);
        SynthModel.read(new ByteArrayInputStream(second)).sample(100, 2, dir.resolve("b.csv"), ProgressListener.NONE);

        // Then
        assertThat(first).isEqualTo(second);
        assertThat(bytes(reread)).isEqualTo(first);
        assertThat(Files.readAllBytes(dir.resolve("a.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("b.csv")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "penguins-v1.airlock", "penguins-v2.airlock", "penguins-v3.airlock",
            "penguins-v4.airlock", "penguins-v5.airlock", "penguins-v6.airlock" })
    void modelFilesFromEveryFormatVersionStillLoad(String fixture, @TempDir Path dir) throws IOException {
        // Given: written by the release that introduced each model format version; never regenerate them
        SynthModel model;
        try (InputStream in = getClass().getResourceAsStream("/models/" + fixture)) {
            model = SynthModel.read(in);
        }

        // When
        model.sample(50, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        assertThat(model.columnNames()).hasSize(7).startsWith("Species", "Island");
        assertThat(model.trainingRows()).isEqualTo(344);
        assertThat(read(dir.resolve("out.csv"))).hasSize(51);
    }

    @ParameterizedTest
    @ValueSource(strings = { "a share over one half", "no scale", "no limit", "one side" })
    void aModelWithDamagedTailsIsRefusedByName(String damage) throws IOException {
        // Given: the version-6 fixture, whose Beak Length (mm) (column 2) has both tails, damaged in one place
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree;
        try (InputStream in = getClass().getResourceAsStream("/models/penguins-v6.airlock")) {
            tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(in);
        }
        com.fasterxml.jackson.databind.node.ArrayNode tails = (com.fasterxml.jackson.databind.node.ArrayNode) tree
                .path("columns").path(2).path("tails");
        com.fasterxml.jackson.databind.node.ArrayNode high = (com.fasterxml.jackson.databind.node.ArrayNode) tails.get(1);
        assertThat(high.size()).isEqualTo(3);
        switch (damage) {
            case "a share over one half" -> high.set(1, 0.9);
            case "no scale" -> high.set(0, 0.0);
            case "no limit" -> high.remove(2);
            default -> tails.remove(0);
        }

        // Then
        assertThatThrownBy(() -> SynthModel.read(new ByteArrayInputStream(mapper.writeValueAsBytes(tree))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the model file is damaged: the tails of column Beak Length (mm) are not a scale, a share "
                        + "and a limit per side");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cut a group off         | the parent groups of column Body Mass (g) do not match its parents' bins",
            "a group past the counts | the counts of column Body Mass (g) do not match its bins and its parents'",
            "a group of 2^30         | the parent groups of column Body Mass (g) do not match its parents' bins",
            "a parent of no column   | the parents of column Body Mass (g) name no other column",
            "a child before a parent | it draws column Island before its parent Species" })
    void aDamagedModelIsRefusedByNameBeforeItSamples(String damage, String message) throws IOException {
        // Given: the version-5 fixture, whose Body Mass (g) (column 5) takes Species and Beak Depth (mm) in groups,
        // damaged in one place
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree;
        try (InputStream in = getClass().getResourceAsStream("/models/penguins-v5.airlock")) {
            tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(in);
        }
        com.fasterxml.jackson.databind.node.ArrayNode groups = (com.fasterxml.jackson.databind.node.ArrayNode) tree
                .path("parentGroups").path(5).path(1);
        com.fasterxml.jackson.databind.node.ArrayNode parents = (com.fasterxml.jackson.databind.node.ArrayNode) tree
                .path("parents").path(5);
        com.fasterxml.jackson.databind.node.ArrayNode order = (com.fasterxml.jackson.databind.node.ArrayNode) tree
                .path("order");
        assertThat(parents.get(0).asInt()).isZero();
        assertThat(groups.size()).isGreaterThan(2);
        switch (damage) {
            case "cut a group off" -> groups.remove(groups.size() - 1);
            case "a group past the counts" -> groups.set(groups.size() - 2, groups.get(groups.size() - 1).asInt() + 1);
            case "a group of 2^30" -> groups.set(0, 1 << 30);
            case "a parent of no column" -> parents.set(0, 7);
            default -> {
                order.remove(0);
                order.add(0);
            }
        }

        // Then
        assertThatThrownBy(() -> SynthModel.read(new ByteArrayInputStream(mapper.writeValueAsBytes(tree))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the model file is damaged: " + message);
    }

    @Test
    void aThreeWayInteractionIsKeptAndNoiseIsNotLinked(@TempDir Path dir) throws IOException {
        // Given: c is "yes" (but for 5 % noise) exactly when a is high and b is x, which no tree can hold; d is
        // independent noise with many values
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder csv = new StringBuilder("a,b,c,d\n");
        for (int i = 0; i < 5_000; i++) {
            int a = random.nextInt(4);
            boolean x = random.nextBoolean();
            boolean yes = (a >= 2 && x) != (random.nextInt(20) == 0);
            csv.append('a').append(a).append(',').append(x ? "x" : "y").append(',').append(yes ? "yes" : "no")
                    .append(",d").append(random.nextInt(40)).append('\n');
        }
        Path table = Files.writeString(dir.resolve("interaction.csv"), csv);

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, SynthConfig.defaults(), 1,
                ProgressListener.NONE);
        model.sample(20_000, 2, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        List<List<String>> synthetic = read(dir.resolve("out.csv")).subList(1, 20_001);
        assertThat(shareOfYes(synthetic, r -> (r.get(0).equals("a2") || r.get(0).equals("a3")) && r.get(1).equals("x")))
                .isGreaterThan(0.9);
        assertThat(shareOfYes(synthetic, r -> r.get(1).equals("y"))).isLessThan(0.1);
        assertThat(model.parents()[3]).isEmpty();
        assertThat(java.util.Arrays.stream(model.parents()).flatMapToInt(java.util.Arrays::stream)).doesNotContain(3);
    }

    @Test
    void columnsMissingTogetherStayMissingTogether(@TempDir Path dir) throws IOException {
        // Given: x and y, numbers of many bins, are missing together in 1 % of the rows, too few to pay for the table
        // that would link their values; z is missing as often, independently of them
        SplittableRandom random = new SplittableRandom(9);
        StringBuilder csv = new StringBuilder("a,x,y,z\n");
        for (int i = 0; i < 2_000; i++) {
            boolean blank = random.nextInt(100) == 0;
            csv.append('a').append(random.nextInt(3)).append(',')
                    .append(blank ? "" : String.valueOf(random.nextInt(1000))).append(',')
                    .append(blank ? "" : String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble())).append(',')
                    .append(random.nextInt(100) == 0 ? "" : String.valueOf(random.nextInt(100))).append('\n');
        }
        Path table = Files.writeString(dir.resolve("blanks.csv"), csv);

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, SynthConfig.defaults(), 1,
                ProgressListener.NONE);
        model.sample(20_000, 2, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then: x and y are missing together about as often as in the training rows, and alone hardly ever
        assertThat(model.parents()[1]).isEmpty();
        assertThat(model.parents()[2]).isEmpty();
        List<List<String>> synthetic = read(dir.resolve("out.csv")).subList(1, 20_001);
        long together = synthetic.stream().filter(r -> r.get(1).isEmpty() && r.get(2).isEmpty()).count();
        long alone = synthetic.stream().filter(r -> r.get(1).isEmpty() != r.get(2).isEmpty()).count();
        assertThat(together / 20_000.0).isCloseTo(0.01, within(0.004));
        assertThat(alone / 20_000.0).isLessThan(0.001);
        // z's blanks stay independent of theirs
        assertThat(model.missingParents()[3]).isEqualTo(-1);
        long zWithX = synthetic.stream().filter(r -> r.get(1).isEmpty() && r.get(3).isEmpty()).count();
        assertThat(zWithX / 20_000.0).isLessThan(0.001);
    }

    @Test
    void aMissingParentIsDrawnBeforeItsChildWhereverTheTargetStands(@TempDir Path dir) throws IOException {
        // Given: y and c, numbers, are blank together in 1 % of the rows; the target t, drawn first, is the middle
        // column, so the value network alone would draw y before its missing parent
        SplittableRandom random = new SplittableRandom(12);
        StringBuilder csv = new StringBuilder("y,t,c\n");
        for (int i = 0; i < 2_000; i++) {
            boolean blank = random.nextInt(100) == 0;
            csv.append(blank ? "" : String.valueOf(random.nextInt(1000))).append(",t").append(random.nextInt(3))
                    .append(',').append(blank ? "" : String.valueOf(random.nextInt(1000))).append('\n');
        }
        Path table = Files.writeString(dir.resolve("middle-target.csv"), csv);

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, SynthConfig.fromMap(Map.of("target", "t")), 1,
                ProgressListener.NONE);
        model.sample(20_000, 2, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then: each missing parent is drawn before its child, so the blanks stay together in the same row
        int[] position = new int[3];
        for (int p = 0; p < 3; p++) {
            position[model.order()[p]] = p;
        }
        for (int c = 0; c < 3; c++) {
            if (model.missingParents()[c] >= 0) {
                assertThat(position[model.missingParents()[c]]).isLessThan(position[c]);
            }
        }
        assertThat(Arrays.stream(model.missingParents()).filter(p -> p >= 0)).hasSize(1);
        List<List<String>> synthetic = read(dir.resolve("out.csv")).subList(1, 20_001);
        long together = synthetic.stream().filter(r -> r.get(0).isEmpty() && r.get(2).isEmpty()).count();
        long alone = synthetic.stream().filter(r -> r.get(0).isEmpty() != r.get(2).isEmpty()).count();
        assertThat(together / 20_000.0).isCloseTo(0.01, within(0.005));
        assertThat(alone / 20_000.0).isLessThan(0.001);
    }

    @Test
    void aDrawWithoutTheMissingValueKeepsTheOtherValuesShares() {
        // Given: values 0, 1, 2 with probabilities 0.2, 0.5 (the missing value), 0.3
        double[] cumulative = { 0.2, 0.7, 1.0 };
        SplittableRandom random = new SplittableRandom(3);

        // When
        int[] drawn = new int[3];
        for (int i = 0; i < 100_000; i++) {
            drawn[BayesNetModel.drawExcept(cumulative, 1, random)]++;
        }

        // Then: never the missing value; the others in their shares 0.4 / 0.6
        assertThat(drawn[1]).isZero();
        assertThat(drawn[0] / 100_000.0).isCloseTo(0.4, within(0.01));
        // a distribution that is all missing stays missing
        assertThat(BayesNetModel.drawExcept(new double[] { 0, 1.0, 1.0 }, 1, random)).isEqualTo(1);
    }

    @Test
    void anExtremeNumberIsNeitherInTheModelNorDrawn(@TempDir Path dir) throws IOException {
        // Given
        SplittableRandom random = new SplittableRandom(9);
        StringBuilder csv = new StringBuilder("group,amount\n");
        for (int i = 0; i < 2_000; i++) {
            csv.append(i % 2 == 0 ? "p" : "q").append(',').append(i == 777 ? 987_654 : random.nextInt(100))
                    .append('\n');
        }
        Path table = Files.writeString(dir.resolve("extreme.csv"), csv);
        SynthModel model = Synthesizer.train(table, SynthConfig.defaults(), 1, ProgressListener.NONE);

        // When
        model.sample(20_000, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then: the 10th largest is 99 and the 20th 98 or 99, so the tail beyond reaches 100 at most
        assertThat(bytes(model)).asString(StandardCharsets.UTF_8).doesNotContain("987654");
        assertThat(column(read(dir.resolve("out.csv")), 1))
                .allSatisfy(v -> assertThat(Long.parseLong(v)).isLessThanOrEqualTo(100));
    }

    @Test
    void theRowsBeyondTheKthValueEnterTheModelByTheirCountNotTheirValues(@TempDir Path dir) throws IOException {
        // Given: two tables alike but for the values of the nine largest and nine smallest amounts
        Path[] tables = new Path[2];
        for (int t = 0; t < 2; t++) {
            SplittableRandom random = new SplittableRandom(3);
            StringBuilder csv = new StringBuilder("group,amount\n");
            for (int i = 0; i < 3_000; i++) {
                double amount = 1_000 + 100 * random.nextGaussian();
                if (i < 9) {
                    amount = t == 0 ? 2_000 + i : 9_999_999 - i;
                } else if (i < 18) {
                    amount = t == 0 ? 10 + i : -5_000 * i;
                }
                csv.append(i % 3 == 0 ? "p" : "q").append(',').append(String.format("%.2f", amount)).append('\n');
            }
            tables[t] = Files.writeString(dir.resolve("t" + t + ".csv"), csv);
        }

        // When
        SynthModel first = Synthesizer.train(tables[0], SynthConfig.defaults(), 1, ProgressListener.NONE);
        SynthModel second = Synthesizer.train(tables[1], SynthConfig.defaults(), 1, ProgressListener.NONE);
        first.sample(3_000, 1, dir.resolve("a.csv"), ProgressListener.NONE);
        second.sample(3_000, 1, dir.resolve("b.csv"), ProgressListener.NONE);

        // Then: the same model and the same synthetic rows, whose amounts do go past the 10th values
        assertThat(bytes(second)).isEqualTo(bytes(first));
        assertThat(Files.readAllBytes(dir.resolve("b.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("a.csv")));
        ColumnModel amount = ((BayesNetModel) first).columns().get(1);
        List<Double> drawn = column(read(dir.resolve("a.csv")), 1).stream().map(Double::valueOf).toList();
        // (written with two decimals, so up to half a cent past a limit)
        double low = amount.tails().get(0)[2] - 0.005;
        double high = amount.tails().get(1)[2] + 0.005;
        assertThat(drawn).anySatisfy(v -> assertThat(v).isGreaterThan(amount.bins().get(amount.bins().size() - 1)[1]))
                .allSatisfy(v -> assertThat(v).isBetween(low, high));
    }

    @Test
    void declaredBoundsHoldTheTailsWithoutDifferentialPrivacy(@TempDir Path dir) throws IOException {
        // Given: shares of a whole, 1 to 100, most of them near 100
        StringBuilder csv = new StringBuilder("share\n");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 5_000; i++) {
            csv.append(String.format("%.1f", 100 - Math.min(99, 20 * Math.abs(random.nextGaussian())))).append('\n');
        }
        Path table = Files.writeString(dir.resolve("shares.csv"), csv);
        SynthConfig bounded = SynthConfig.fromMap(Map.of("columns", Map.of("share", Map.of("min", 0, "max", 100))));

        // When
        SynthModel model = Synthesizer.train(table, bounded, 1, ProgressListener.NONE);
        model.sample(20_000, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        assertThat(column(read(dir.resolve("out.csv")), 0))
                .allSatisfy(v -> assertThat(Double.parseDouble(v)).isBetween(0.0, 100.0));
        assertThatThrownBy(() -> Synthesizer.train(PENGUINS,
                SynthConfig.fromMap(Map.of("columns", Map.of("Island", Map.of("min", 0, "max", 1)))), 1,
                ProgressListener.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model configuration setting columns.Island.min and max apply to integer, decimal and "
                        + "datetime columns; Island is categorical");
        assertThatThrownBy(() -> Synthesizer.train(table,
                SynthConfig.fromMap(Map.of("columns", Map.of("share", Map.of("min", 100, "max", 0)))), 1,
                ProgressListener.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model configuration setting columns.share.min must be below its max");
        assertThatThrownBy(() -> Synthesizer.train(table,
                SynthConfig.fromMap(Map.of("columns", Map.of("share", Map.of("min", "NaN", "max", 100)))), 1,
                ProgressListener.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model configuration setting columns.share.min must be a number");
    }

    /**
     * A table where {@code outcome} is "bad" for 2 % of the rows, but for 25 % of those with {@code code} v0 (2 % of
     * the rows, the other 99 codes share the rest), and {@code group} has nothing to do with either.
     */
    private static Path rareOutcomeTable(Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder csv = new StringBuilder("group,code,outcome\n");
        for (int i = 0; i < 6_000; i++) {
            int code = random.nextDouble() < 0.02 ? 0 : 1 + random.nextInt(99);
            boolean bad = random.nextDouble() < (code == 0 ? 0.25 : 0.02);
            csv.append('g').append(random.nextInt(4)).append(",v").append(code).append(',')
                    .append(bad ? "bad" : "good").append('\n');
        }
        return Files.writeString(dir.resolve("rare-outcome.csv"), csv);
    }

    private static double shareOfBadAmongV0(Path file) throws IOException {
        List<List<String>> rows = read(file).stream().skip(1).filter(r -> r.get(1).equals("v0")).toList();
        return rows.stream().filter(r -> r.get(2).equals("bad")).count() / (double) rows.size();
    }

    @Test
    void aTablesColumnsAreReadWithoutItsRows(@TempDir Path dir) throws IOException {
        // Given: a CSV, the same as JSON Lines, and a file that is not a table
        Path jsonl = Files.writeString(dir.resolve("t.jsonl"), "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": \"y\"}\n");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");

        // Then
        assertThat(Synthesizer.columns(PENGUINS)).containsExactly("Species", "Island", "Beak Length (mm)",
                "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Sex");
        assertThat(Synthesizer.columns(jsonl)).containsExactly("a", "b");
        assertThatThrownBy(() -> Synthesizer.columns(empty)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no header row");
    }

    @Test
    void aNamedTargetIsDrawnFirstAndEveryColumnGivenIt(@TempDir Path dir) throws IOException {
        // Given
        Path table = rareOutcomeTable(dir);
        SynthConfig forOutcome = SynthConfig.fromMap(Map.of("target", "outcome"));

        // When
        BayesNetModel withTarget = (BayesNetModel) Synthesizer.train(table, forOutcome, 1, ProgressListener.NONE);
        BayesNetModel without = (BayesNetModel) Synthesizer.train(table, SynthConfig.defaults(), 1,
                ProgressListener.NONE);
        withTarget.sample(30_000, 2, dir.resolve("with.csv"), ProgressListener.NONE);

        // Then
        assertThat(withTarget.parents()[2]).isEmpty();
        assertThat(withTarget.parents()[1]).contains(2);
        assertThat(withTarget.parents()[0]).as("a link the criterion refuses, made for the target").contains(2);
        assertThat(without.parents()[0]).isEmpty();
        assertThat(java.util.Arrays.stream(without.parents()).flatMapToInt(java.util.Arrays::stream)).doesNotContain(0);
        assertThat(shareOfBadAmongV0(table)).isBetween(0.15, 0.35);
        assertThat(shareOfBadAmongV0(dir.resolve("with.csv"))).isBetween(0.12, 0.4);
    }

    @Test
    void aTreeParentJoinsTheTargetInGroupsWhereItsFullBinsLeaveTooFewRows(@TempDir Path dir) throws IOException {
        // Given: seattle-weather's seed-1 training part (as worker train splits it), whose weather drifts over the
        // years (fog on 4 of 2012's days, 43 of 2015's) while its dates follow temp_max most closely; temp_max's
        // full bins times the five labels leave fewer than 3·k rows a configuration
        Path train = dir.resolve("train.csv");
        TableSplitter.split(WEATHER, 0.2, 1, train, dir.resolve("holdout.csv"));
        SynthConfig forWeather = SynthConfig.fromMap(Map.of("target", "weather"));

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(train, forWeather, 1, ProgressListener.NONE);
        model.sample(20_000, 2, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then: date takes temp_max in groups and the weather, and the synthetic years keep the drift
        int date = 0;
        int tempMax = 2;
        int weather = 5;
        assertThat(model.parents()[date]).containsExactly(tempMax, weather);
        assertThat(model.parentGroups()[date][0]).hasSize(model.columns().get(tempMax).binCount());
        assertThat(model.parentGroups()[date][1]).isNull();
        List<List<String>> real = read(train).subList(1, read(train).size());
        List<List<String>> synthetic = read(dir.resolve("out.csv")).subList(1, 20_001);
        assertThat(fogIn(real, "2015") / fogIn(real, "2012")).isGreaterThan(5);
        assertThat(fogIn(synthetic, "2015") / fogIn(synthetic, "2012")).isGreaterThan(3);
    }

    private static double fogIn(List<List<String>> rows, String year) {
        List<List<String>> inYear = rows.stream().filter(r -> r.get(0).startsWith(year)).toList();
        return inYear.stream().filter(r -> r.get(5).equals("fog")).count() / (double) inYear.size();
    }

    @ParameterizedTest
    @CsvSource({ "48, false", "96, true" })
    void aTargetLinkIsForcedOnlyWhereTheRowsCarryIt(int rows, boolean linked, @TempDir Path dir) throws IOException {
        // Given: group and outcome exactly independent, so only the row floor can link them; with outcome as parent
        // each of its two labels stands for rows / 2 rows, against 3·k = 30
        StringBuilder csv = new StringBuilder("group,outcome\n");
        for (int i = 0; i < rows; i++) {
            csv.append('g').append(i % 4).append(',').append((i / 4) % 2 == 0 ? "yes" : "no").append('\n');
        }
        Path table = Files.writeString(dir.resolve("independent.csv"), csv);

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, SynthConfig.fromMap(Map.of("target", "outcome")),
                1, ProgressListener.NONE);

        // Then
        assertThat(model.parents()[1]).isEmpty();
        assertThat(model.parents()[0]).isEqualTo(linked ? new int[] { 1 } : new int[0]);
    }

    @Test
    void theRowFloorCountsTheParentsFullBins(@TempDir Path dir) throws IOException {
        // Given: group follows code (200 labels each, more than the 64 coarse bins) and outcome is a coin: given code
        // and outcome, group's 400 configurations hold 16 rows each, under 3·k
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("code,group,outcome\n");
        for (int i = 0; i < 6_400; i++) {
            int code = i % 200;
            csv.append('c').append(code).append(",g").append(code).append(',')
                    .append(random.nextBoolean() ? "yes" : "no").append('\n');
        }
        Path table = Files.writeString(dir.resolve("follow.csv"), csv);

        // When
        BayesNetModel model = (BayesNetModel) Synthesizer.train(table, SynthConfig.fromMap(Map.of("target", "outcome")),
                1, ProgressListener.NONE);

        // Then: whichever of code and group is drawn given the other is not also drawn given the target
        int second = Arrays.stream(model.parents()[0]).anyMatch(p -> p == 1) ? 0 : 1;
        assertThat(model.parents()[second]).containsExactly(1 - second);
    }

    @Test
    void aTargetWithOneValueTakesNoParentSlot(@TempDir Path dir) throws IOException {
        // Given: d = a + b + c, which wants all three as parents; t holds one value
        SplittableRandom random = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("a,b,c,d,t\n");
        for (int i = 0; i < 5_000; i++) {
            int a = random.nextInt(4);
            int b = random.nextInt(4);
            int c = random.nextInt(4);
            csv.append('a').append(a).append(",b").append(b).append(",c").append(c).append(",d").append(a + b + c)
                    .append(",x\n");
        }
        Path table = Files.writeString(dir.resolve("sum.csv"), csv);

        // When
        BayesNetModel forT = (BayesNetModel) Synthesizer.train(table, SynthConfig.fromMap(Map.of("target", "t")), 1,
                ProgressListener.NONE);

        // Then
        assertThat(java.util.Arrays.stream(forT.parents()).flatMapToInt(java.util.Arrays::stream)).doesNotContain(4);
    }

    @Test
    void aTargetIsOneColumnForTheModelAndTheReport() {
        // Given
        SynthConfig configured = SynthConfig.fromMap(Map.of("target", "outcome"));

        // When / Then
        assertThat(SynthConfig.defaults().withTarget("outcome").target()).isEqualTo("outcome");
        assertThat(configured.withTarget(null).target()).isEqualTo("outcome");
        assertThat(configured.withTarget("outcome")).isSameAs(configured);
        assertThatThrownBy(() -> configured.withTarget("group")).isInstanceOf(InvalidInputException.class)
                .hasMessage("the run's target group differs from the model configuration's target outcome; "
                        + "name one of them");
        assertThatThrownBy(() -> configured.validateAgainst(List.of("group", "code")))
                .isInstanceOf(InvalidInputException.class).hasMessage("the model configuration names column "
                        + "outcome, which the table does not have; its columns are [group, code]");
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("target", 3))).isInstanceOf(InvalidInputException.class)
                .hasMessage("model configuration setting target must be a string");
    }

    private static double shareOfYes(List<List<String>> rows, java.util.function.Predicate<List<String>> where) {
        List<List<String>> selected = rows.stream().filter(where).toList();
        return selected.stream().filter(r -> r.get(2).equals("yes")).count() / (double) selected.size();
    }

    @Test
    void gzipInputIsReadAndGzipOutputWritten(@TempDir Path dir) throws IOException {
        // Given
        Path gz = dir.resolve("penguins.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(PENGUINS, out);
        }
        SynthModel model = Synthesizer.train(gz, SynthConfig.defaults(), 1, ProgressListener.NONE);

        // When
        model.sample(10, 1, dir.resolve("out.csv.gz"), ProgressListener.NONE);

        // Then
        assertThat(model.trainingRows()).isEqualTo(344);
        assertThat(Files.readAllBytes(dir.resolve("out.csv.gz"))).startsWith(0x1f, 0x8b);
    }

    @Test
    void badTablesAreRejectedNamingRowAndColumnButNoValue(@TempDir Path dir) throws IOException {
        assertRejected(Files.writeString(dir.resolve("ragged.csv"), "a,b,c\n1,2,3\n4,5\n"), "row 3", "column c");
        assertRejected(Files.writeString(dir.resolve("long.csv"), "a,b\n1,2\n4,5,secret\n"), "row 3");
        assertRejected(Files.writeString(dir.resolve("empty.csv"), ""), "empty");
        assertRejected(Files.writeString(dir.resolve("header.csv"), "a,b\n"), "no rows");
        assertRejected(Files.writeString(dir.resolve("twice.csv"), "a,a\n1,2\n"), "column a twice");
        assertRejected(Files.write(dir.resolve("image.csv"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13,
                'I', 'H', 'D', 'R', (byte) 0xff, (byte) 0xfe }), "not a CSV file");
    }

    @Test
    void configurationErrorsNameTheSetting() {
        assertThatThrownBy(() -> Synthesizer.train(PENGUINS,
                SynthConfig.fromMap(Map.of("columns", Map.of("Wingspan", Map.of("type", "decimal")))), 1,
                ProgressListener.NONE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("Wingspan");
        assertThatThrownBy(() -> Synthesizer.train(PENGUINS,
                SynthConfig.fromMap(Map.of("columns", Map.of("Species", Map.of("type", "integer")))), 1,
                ProgressListener.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("column Species").hasMessageContaining("row 2").hasMessageNotContaining("Adelie");
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("synthesizer", "gan")))
                .hasMessageContaining("synthesizer gan");
        assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("privacy", Map.of("kk", 3))))
                .hasMessageContaining("privacy.kk");
    }

    private static void assertRejected(Path table, String... parts) {
        assertThatThrownBy(() -> Synthesizer.train(table, SynthConfig.defaults(), 1, ProgressListener.NONE))
                .isInstanceOf(InvalidInputException.class).hasMessageContainingAll(parts)
                .hasMessageNotContaining("secret");
    }

    private static byte[] bytes(SynthModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.write(out);
        return out.toByteArray();
    }

    private static double meanMass(List<List<String>> rows, String species) {
        return rows.stream().filter(r -> r.get(0).equals(species) && !r.get(5).isEmpty())
                .mapToDouble(r -> Double.parseDouble(r.get(5))).average().orElseThrow();
    }

    static List<String> column(List<List<String>> table, int index) {
        return table.subList(1, table.size()).stream().map(r -> r.get(index)).toList();
    }

    static List<List<String>> read(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(file)) {
            csv.forEach(r -> rows.add(r.getFields()));
        }
        return rows;
    }
}
