package dev.airlock.synth;

import java.text.ParsePosition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date and timestamp formats the engine recognises. A date is held as its epoch day, a timestamp as its epoch
 * second, so both are modelled as whole numbers and written back in the column's own format. A timestamp with
 * fractional seconds is held in tenths, hundredths, ... of a second, as many digits as the column has (at most
 * micro-seconds), so the fraction is modelled too and written back with the column's number of digits.
 */
final class DateFormats {

    /**
     * The recognised patterns, tried in this order; a column takes the first that all its values match. {@code ISO}
     * date-times with fractional seconds follow those without, whose whole-second values they also match; their
     * {@code SSS} is widened to the column's longest fraction ({@link #withFractionDigits}). The last two are ISO-8601
     * in UTC, as Parquet timestamps adjusted to UTC are read.
     */
    static final List<String> PATTERNS = List.of("uuuu-MM-dd", "uuuu/MM/dd", "MM/dd/uuuu", "MMM d uuuu",
            "uuuu-MM-dd HH:mm:ss", "uuuu-MM-dd HH:mm:ss.SSS", "uuuu-MM-dd'T'HH:mm:ss", "uuuu-MM-dd'T'HH:mm:ss.SSS",
            "uuuu/MM/dd HH:mm:ss", "uuuu-MM-dd HH:mm", "MM/dd/uuuu HH:mm:ss", "uuuu-MM-dd'T'HH:mm:ss'Z'",
            "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    /** Seconds followed by a fraction of 1 to 9 digits, and what comes before and after. */
    private static final Pattern FRACTION = Pattern.compile("(.*ss)\\.(S{1,9})([^S]*)");
    /** Fraction digits beyond these are written as zeros: a double holds epoch micro-seconds exactly, not nanos. */
    static final int MAX_MODELLED_DIGITS = 6;
    /** The first and last days a four-digit year can write. */
    private static final long FIRST_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final long SECONDS_PER_DAY = 86_400;

    private DateFormats() {
    }

    static DateTimeFormatter formatter(String pattern) {
        Matcher fraction = FRACTION.matcher(pattern);
        if (!fraction.matches()) {
            return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
        }
        // written with the pattern's digits; read leniently, so "08:30:00", "08:30:00.5" and "08:30:00.123" all fit
        int digits = fraction.group(2).length();
        return new DateTimeFormatterBuilder().appendPattern(fraction.group(1))
                .parseLenient().appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true).parseStrict()
                .appendPattern(fraction.group(3))
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

    static boolean hasTime(String pattern) {
        return pattern.contains("HH");
    }

    /**
     * @param pattern a recognised pattern
     * @param digits the most fraction digits among the column's values
     * @return the pattern with its fraction that many digits wide (at least one), or the pattern itself when it has
     *         none
     */
    static String withFractionDigits(String pattern, int digits) {
        Matcher fraction = FRACTION.matcher(pattern);
        if (!fraction.matches()) {
            return pattern;
        }
        return fraction.group(1) + "." + "S".repeat(Math.max(1, Math.min(9, digits))) + fraction.group(3);
    }

    /** @return the number of fraction digits after the last {@code .} of a value, 0 when it has none */
    static int fractionDigits(String value) {
        int dot = value.lastIndexOf('.');
        int end = dot + 1;
        while (dot >= 0 && end < value.length() && Character.isDigit(value.charAt(end))) {
            end++;
        }
        return dot < 0 ? 0 : end - dot - 1;
    }

    /** @return how many units of the held value make a second: 1 for whole seconds, 10 for tenths, ... */
    static long unitsPerSecond(String pattern) {
        // called for every value: the fraction is the pattern's only run of S
        int first = pattern.indexOf('S');
        int digits = first < 0 ? 0 : Math.min(MAX_MODELLED_DIGITS, pattern.lastIndexOf('S') - first + 1);
        long units = 1;
        for (int i = 0; i < digits; i++) {
            units *= 10;
        }
        return units;
    }

    /** @return the epoch day, second or fraction of a second, or {@code null} when the text is not in the pattern */
    static Long parse(String text, String pattern, DateTimeFormatter formatter) {
        try {
            if (hasTime(pattern)) {
                LocalDateTime time = LocalDateTime.parse(text, formatter);
                long units = unitsPerSecond(pattern);
                return time.toEpochSecond(ZoneOffset.UTC) * units + time.getNano() / (1_000_000_000L / units);
            }
            return LocalDate.parse(text, formatter).toEpochDay();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A quick test that rules out most values no recognised pattern can read (numbers, words), without parsing: every
     * pattern is at least 10 characters, starts with a letter, a digit or a year's sign, and has a {@code -}, {@code /}
     * or space after its first character.
     */
    static boolean mayBeDate(String value) {
        char first = value.isEmpty() ? ' ' : value.charAt(0);
        if (value.length() < 10 || !(Character.isLetterOrDigit(first) || first == '+' || first == '-')) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '-' || c == '/' || c == ' ') {
                return true;
            }
        }
        return false;
    }

    /** @return whether the text is in the pattern; as {@link #parse}, but a text that does not fit costs no exception */
    static boolean fits(String text, String pattern, DateTimeFormatter formatter) {
        ParsePosition position = new ParsePosition(0);
        if (formatter.parseUnresolved(text, position) == null || position.getErrorIndex() >= 0
                || position.getIndex() != text.length()) {
            return false;
        }
        return parse(text, pattern, formatter) != null;
    }

    /**
     * Writes one column's values: the pattern's facts worked out once, and the days already written remembered (a
     * date column holds a few thousand distinct days, each written many times).
     */
    static final class Printer {
        private static final int MAX_REMEMBERED = 100_000;
        private final DateTimeFormatter formatter;
        private final boolean time;
        private final long units;
        private final Map<Long, String> written = new HashMap<>();

        Printer(String pattern) {
            this.formatter = formatter(pattern);
            this.time = hasTime(pattern);
            this.units = unitsPerSecond(pattern);
        }

        /**
         * @param value an epoch day, second or fraction of a second; one outside the years 1 to 9999 (which a bin whose
         *        range came from noise can hold) is written as the nearest end of them
         */
        String format(long value) {
            if (time) {
                return write(value);
            }
            String text = written.get(value);
            if (text == null) {
                text = write(value);
                if (written.size() < MAX_REMEMBERED) {
                    written.put(value, text);
                }
            }
            return text;
        }

        private String write(long value) {
            if (time) {
                long held = Math.max(FIRST_DAY * SECONDS_PER_DAY * units,
                        Math.min((LAST_DAY + 1) * SECONDS_PER_DAY * units - 1, value));
                int nanos = (int) (Math.floorMod(held, units) * (1_000_000_000L / units));
                return LocalDateTime.ofEpochSecond(Math.floorDiv(held, units), nanos, ZoneOffset.UTC).format(formatter);
            }
            return LocalDate.ofEpochDay(Math.max(FIRST_DAY, Math.min(LAST_DAY, value))).format(formatter);
        }
    }
}
