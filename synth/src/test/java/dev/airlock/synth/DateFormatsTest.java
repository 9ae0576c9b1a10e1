package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which texts are dates and timestamps, and how they are held and written back. */
class DateFormatsTest {

    @Test
    void aValueBeyondTheYearsAFormatCanWriteIsWrittenAsTheNearestEnd() {
        // Given: values a bin whose range came from differential-privacy noise can hold
        String day = "uuuu-MM-dd";
        String second = "uuuu-MM-dd HH:mm:ss.SSS";

        // When / Then
        assertThat(new DateFormats.Printer(day).format(Long.MAX_VALUE)).isEqualTo("9999-12-31");
        assertThat(new DateFormats.Printer(day).format(Long.MIN_VALUE)).isEqualTo("0001-01-01");
        assertThat(new DateFormats.Printer(second).format(Long.MAX_VALUE))
                .isEqualTo("9999-12-31 23:59:59.999");
        assertThat(new DateFormats.Printer(second).format(-283824408037711680L))
                .isEqualTo("0001-01-01 00:00:00.000");
        assertThat(new DateFormats.Printer(day).format(16_000)).isEqualTo("2013-10-22");
    }

    @Test
    void isoDateTimesWithFractionalSecondsAreDateTimesOfTheirOwnWidth() {
        // Given / When
        String millis = patternOf("2024-03-15T08:30:00.123", "2024-03-15T09:00:00.5", "2024-03-15T10:00:00");
        String microsUtc = patternOf("2024-03-15T08:30:00.123456Z", "2024-03-16T08:30:00.000001Z");
        String tenthsWithSpace = patternOf("2024-03-15 08:30:00.5", "2024-03-15 08:31:00.0");
        String wholeSeconds = patternOf("2024-03-15T08:30:00", "2024-03-15T09:00:00");

        // Then
        assertThat(millis).isEqualTo("uuuu-MM-dd'T'HH:mm:ss.SSS");
        assertThat(microsUtc).isEqualTo("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
        assertThat(tenthsWithSpace).isEqualTo("uuuu-MM-dd HH:mm:ss.S");
        assertThat(wholeSeconds).isEqualTo("uuuu-MM-dd'T'HH:mm:ss");
        assertThat(patternOf("2024-03-15T08:30:00.123", "2024-03-15T08:30:00,5")).isNull();
    }

    @Test
    void theFractionIsHeldAndWrittenBackInTheColumnsDigits() {
        // Given
        String pattern = "uuuu-MM-dd'T'HH:mm:ss.SSS";
        DateTimeFormatter formatter = DateFormats.formatter(pattern);

        // When
        Long millis = DateFormats.parse("2024-03-15T08:30:00.123", pattern, formatter);
        Long tenth = DateFormats.parse("2024-03-15T08:30:00.5", pattern, formatter);
        Long whole = DateFormats.parse("2024-03-15T08:30:00", pattern, formatter);

        // Then: held in milliseconds, written with three digits
        assertThat(millis).isEqualTo(1_710_491_400_123L);
        assertThat(tenth - whole).isEqualTo(500);
        assertThat(new DateFormats.Printer(pattern).format(millis)).isEqualTo("2024-03-15T08:30:00.123");
        assertThat(new DateFormats.Printer(pattern).format(whole)).isEqualTo("2024-03-15T08:30:00.000");
        String nanos = "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS";
        DateTimeFormatter nanosFormatter = DateFormats.formatter(nanos);
        long micros = DateFormats.parse("2024-03-15T08:30:00.123456789", nanos, nanosFormatter);
        assertThat(new DateFormats.Printer(nanos).format(micros)).isEqualTo("2024-03-15T08:30:00.123456000");
    }

    @Test
    void aColumnOfFractionalTimestampsIsModelledAndSampledInItsFormat(@TempDir Path dir) throws IOException {
        // Given
        StringBuilder table = new StringBuilder("at,stamp\n");
        for (int i = 0; i < 60; i++) {
            table.append(String.format("2024-03-%02dT08:%02d:00.%03d,2024-03-15 08:30:%02d.%d%n", 1 + i % 28, i % 60,
                    i * 13 % 1000, i % 60, i % 10));
        }
        Path file = Files.writeString(dir.resolve("in.csv"), table);

        // When
        SynthModel model = Synthesizer.train(file, SynthConfig.defaults(), 1, ProgressListener.NONE);
        model.sample(200, 1, dir.resolve("out.csv"), ProgressListener.NONE);

        // Then
        List<List<String>> out = SynthesizerTest.read(dir.resolve("out.csv"));
        assertThat(SynthesizerTest.column(out, 0))
                .allMatch(v -> v.matches("2024-03-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}"))
                .anyMatch(v -> !v.endsWith(".000"));
        assertThat(SynthesizerTest.column(out, 1))
                .allMatch(v -> v.matches("2024-03-15 08:3[01]:[0-5][0-9]\\.[0-9]"));
    }

    private static String patternOf(String... values) {
        ColumnProfile profile = new ColumnProfile("at", null, 1);
        for (int i = 0; i < values.length; i++) {
            profile.accept(values[i], i + 2);
        }
        return profile.datePattern();
    }
}
