package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables at the edges of what the engine accepts. */
class EdgeCasesTest {

    @TempDir
    Path dir;

    @Test
    void anAllMissingColumnStaysMissing() throws IOException {
        List<List<String>> out = roundTrip("a,b\n" + "1,\n".repeat(30));
        assertThat(SynthesizerTest.column(out, 1)).containsOnly("");
    }

    @Test
    void aSingleValueColumnKeepsItsValue() throws IOException {
        List<List<String>> out = roundTrip("a,b\n" + "x,5\n".repeat(30));
        assertThat(SynthesizerTest.column(out, 0)).containsOnly("x");
        assertThat(SynthesizerTest.column(out, 1)).containsOnly("5");
    }

    @Test
    void aOneRowTableGivesNoValueOfThatRow() throws IOException {
        List<List<String>> out = roundTrip("name,age\nAda,36\n");
        assertThat(SynthesizerTest.column(out, 0)).containsOnly(ColumnModel.RARE);
        assertThat(out).hasSize(51);
    }

    @Test
    void tenThousandIdentifiersAreGeneratedByShapeNotCopied() throws IOException {
        StringBuilder table = new StringBuilder("id,group\n");
        for (int i = 0; i < 10_000; i++) {
            table.append("user").append(i).append(',').append(i % 3).append('\n');
        }
        List<List<String>> out = roundTrip(table.toString());
        assertThat(SynthesizerTest.column(out, 0)).allMatch(v -> v.matches("[a-z]{4}[0-9]{1,4}"))
                .noneMatch(v -> v.startsWith("user"));
        assertThat(SynthesizerTest.column(out, 1)).containsOnly("0", "1", "2");
    }

    @Test
    void aConfiguredIdentifierColumnIsGeneratedByShape() throws IOException {
        StringBuilder table = new StringBuilder("ticket,status\n");
        for (int i = 0; i < 40; i++) {
            table.append("TK-").append(1000 + i).append(',').append(i % 2 == 0 ? "open" : "closed").append('\n');
        }
        Path file = Files.writeString(dir.resolve("tickets.csv"), table);
        SynthConfig config = SynthConfig.fromMap(java.util.Map.of("columns",
                java.util.Map.of("ticket", java.util.Map.of("type", "identifier"))));
        SynthModel model = Synthesizer.train(file, config, 1, ProgressListener.NONE);
        model.sample(50, 1, dir.resolve("out.csv"), ProgressListener.NONE);
        assertThat(SynthesizerTest.column(SynthesizerTest.read(dir.resolve("out.csv")), 0))
                .allMatch(v -> v.matches("AA-[0-9]{4}".replace("AA", "[A-Z]{2}")));
    }

    @Test
    void datesInSeveralFormatsAreWrittenInTheirColumnsFormat() throws IOException {
        StringBuilder table = new StringBuilder("iso,us,text,stamp\n");
        for (int day = 1; day <= 28; day++) {
            table.append(String.format("2015-02-%02d,02/%02d/2015,Feb %d 2015,2015/02/%02d 0%d:00:00%n", day, day, day,
                    day, day % 10));
        }
        List<List<String>> out = roundTrip(table.toString());
        assertThat(SynthesizerTest.column(out, 0)).allMatch(v -> v.matches("2015-02-[0-2][0-9]"));
        assertThat(SynthesizerTest.column(out, 1)).allMatch(v -> v.matches("02/[0-2][0-9]/2015"));
        assertThat(SynthesizerTest.column(out, 2)).allMatch(v -> v.matches("Feb [0-9]{1,2} 2015"));
        assertThat(SynthesizerTest.column(out, 3))
                .allMatch(v -> v.matches("2015/02/[0-2][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]"));
    }

    @Test
    void unicodeAndQuotedNewlinesSurvive() throws IOException {
        List<List<String>> out = roundTrip("city,note\n" + "Zürich,\"two\nlines\"\n".repeat(15)
                + "東京,\"a, b\"\n".repeat(15));
        Set<String> cities = SynthesizerTest.column(out, 0).stream().collect(Collectors.toSet());
        assertThat(cities).containsOnly("Zürich", "東京");
        assertThat(SynthesizerTest.column(out, 1)).containsOnly("two\nlines", "a, b");
    }

    @Test
    void theEdgeTablesTrainAndSampleUnderDifferentialPrivacy() throws IOException {
        // Given: the tables above, and numbers at the ends of what is read, each trained with 20 draws of the noise at
        // ε = 1 (on tables this small every type, range and count is mostly noise: no draw may fail, except by refusing
        // a numeric column whose range does not stand out of the noise, by name)
        StringBuilder dates = new StringBuilder("iso,us,text,stamp,zone\n");
        for (int day = 1; day <= 28; day++) {
            dates.append(String.format("2015-02-%02d,02/%02d/2015,Feb %d 2015,2015/02/%02d 0%d:00:00,"
                    + "1969-12-%02dT23:59:59.%03dZ%n", day, day, day, day, day % 10, day + 3, day * 7));
        }
        StringBuilder identifiers = new StringBuilder("id,group\n");
        for (int i = 0; i < 10_000; i++) {
            identifiers.append("user").append(i).append(',').append(i % 3).append('\n');
        }
        StringBuilder numbers = new StringBuilder("tiny,huge,negative,code,odd\n");
        for (int i = 0; i < 300; i++) {
            numbers.append(i % 2 == 0 ? "0.00000001" : "1e-9").append(',').append(i % 3 == 0 ? "9e307" : "1e400")
                    .append(',').append(-i * 1000).append(',').append(String.format("%05d", i)).append(',')
                    .append(i % 5 == 0 ? "NA" : i % 7 == 0 ? "n/a" : Integer.toString(i)).append('\n');
        }
        List<String> tables = List.of("a,b\n" + "1,\n".repeat(30), "a,b\n" + "x,5\n".repeat(30),
                "name,age\nAda,36\n", "a,b\n" + "NA,NA\n".repeat(40), dates.toString(), identifiers.toString(),
                "city,note\n" + "Zürich,\"two\nlines\"\n".repeat(15) + "東京,\"a, b\"\n".repeat(15),
                numbers.toString());
        SynthConfig epsilon = SynthConfig.fromMap(java.util.Map.of("privacy", java.util.Map.of("epsilon", 1.0)));
        // 300 rows are too few for private ranges of the extreme numbers, or always for the codes' type: declared,
        // so that they are sampled
        SynthConfig bounded = SynthConfig.fromMap(java.util.Map.of("privacy", java.util.Map.of("epsilon", 1.0),
                "columns", java.util.Map.of("tiny", java.util.Map.of("min", 0, "max", 1e-7), "huge",
                        java.util.Map.of("min", 0, "max", 1e308), "negative",
                        java.util.Map.of("min", -300_000, "max", 0), "odd", java.util.Map.of("min", 0, "max", 300),
                        "code", java.util.Map.of("type", "categorical"))));

        for (String csv : tables) {
            Path table = Files.writeString(dir.resolve("in.csv"), csv);
            String header = csv.substring(0, csv.indexOf('\n'));
            int trained = 0;
            for (int draw = 0; draw < 20; draw++) {
                // When
                SynthModel model;
                try {
                    model = Synthesizer.train(table, header.startsWith("tiny") ? bounded : epsilon, 1,
                            ProgressListener.NONE,
                            new java.util.SplittableRandom(draw));
                } catch (InvalidInputException refused) {
                    assertThat(refused.getMessage()).as("%s, draw %d", header, draw)
                            .matches(
                                    "(?s)differential privacy: (integer|decimal|datetime) column .+ has too few values for its range .*");
                    continue;
                }
                Path out = dir.resolve("out.csv");
                model.sample(50, 1, out, ProgressListener.NONE);
                trained++;

                // Then
                assertThat(Files.readAllLines(out).get(0)).as("%s, draw %d", header, draw).isEqualTo(header);
            }
            if (header.equals("id,group") || header.startsWith("tiny")) {
                // 10,000 identifiers and their group always have enough rows, the bounded numbers need none
                assertThat(trained).as(header).isEqualTo(20);
            }
        }
    }

    private List<List<String>> roundTrip(String csv) throws IOException {
        Path table = Files.writeString(dir.resolve("in.csv"), csv);
        SynthModel model = Synthesizer.train(table, SynthConfig.defaults(), 1, ProgressListener.NONE);
        Path out = dir.resolve("out.csv");
        model.sample(50, 1, out, ProgressListener.NONE);
        return SynthesizerTest.read(out);
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnsName() throws IOException {
        List<List<String>> out = roundTrip("\uFEFFkind,size\n" + "a,1\n".repeat(30));
        assertThat(out.get(0)).containsExactly("kind", "size");
    }

    @Test
    void jsonLinesInAndOut() throws IOException {
        // Given
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            table.append("{\"kind\": \"").append(i % 2 == 0 ? "a" : "b").append("\", \"size\": ").append(10 + i % 7)
                    .append(", \"ok\": ").append(i % 3 == 0).append(", \"note\": null}\n");
        }
        Path file = Files.writeString(dir.resolve("in.jsonl"), table);
        SynthModel model = Synthesizer.train(file, SynthConfig.defaults(), 1, ProgressListener.NONE);

        // When
        model.sample(20, 1, dir.resolve("out.jsonl"), ProgressListener.NONE);

        // Then
        List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
        assertThat(model.columnNames()).containsExactly("kind", "size", "ok", "note");
        assertThat(lines).hasSize(20).allMatch(l -> l.matches(
                "\\{\"kind\":\"[ab]\",\"size\":1[0-6],\"ok\":(true|false),\"note\":null\\}"));
    }

    @Test
    void jsonLinesErrorsNameRowAndColumn() throws IOException {
        Path nested = Files.writeString(dir.resolve("nested.jsonl"), "{\"a\": 1}\n{\"a\": {\"secret\": 2}}\n");
        Path extra = Files.writeString(dir.resolve("extra.jsonl"), "{\"a\": 1}\n{\"a\": 2, \"b\": 3}\n");
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"a\": 1}\n{\"a\": \n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Synthesizer.train(nested, SynthConfig.defaults(), 1,
                ProgressListener.NONE)).hasMessageContainingAll("row 2", "column a", "nested")
                .hasMessageNotContaining("secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Synthesizer.train(extra, SynthConfig.defaults(), 1,
                ProgressListener.NONE)).hasMessageContainingAll("row 2", "column b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Synthesizer.train(broken, SynthConfig.defaults(), 1,
                ProgressListener.NONE)).hasMessageContaining("not valid JSON");
    }
}
