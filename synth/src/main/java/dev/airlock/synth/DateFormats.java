package dev.airlock.synth;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

/**
 * The date and timestamp formats the engine recognises. A date is held as its epoch day, a timestamp as its epoch
 * second, so both are modelled as whole numbers and written back in the column's own format.
 */
final class DateFormats {

    /**
     * The recognised patterns, tried in this order. The last is ISO-8601 in UTC, as Parquet timestamps adjusted to UTC
     * are read.
     */
    static final List<String> PATTERNS = List.of("uuuu-MM-dd", "uuuu/MM/dd", "MM/dd/uuuu", "MMM d uuuu",
            "uuuu-MM-dd HH:mm:ss", "uuuu-MM-dd'T'HH:mm:ss", "uuuu/MM/dd HH:mm:ss", "uuuu-MM-dd HH:mm",
            "MM/dd/uuuu HH:mm:ss", "uuuu-MM-dd'T'HH:mm:ss'Z'");

    private DateFormats() {
    }

    static DateTimeFormatter formatter(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

    static boolean hasTime(String pattern) {
        return pattern.contains("HH");
    }

    /** @return the epoch day or second, or {@code null} when the text is not in the pattern */
    static Long parse(String text, String pattern, DateTimeFormatter formatter) {
        try {
            if (hasTime(pattern)) {
                return LocalDateTime.parse(text, formatter).toEpochSecond(ZoneOffset.UTC);
            }
            return LocalDate.parse(text, formatter).toEpochDay();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String format(long value, String pattern, DateTimeFormatter formatter) {
        if (hasTime(pattern)) {
            return LocalDateTime.ofEpochSecond(value, 0, ZoneOffset.UTC).format(formatter);
        }
        return LocalDate.ofEpochDay(value).format(formatter);
    }
}
