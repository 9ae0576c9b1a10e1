package dev.airlock.synth;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * What the first pass learns about one column: its type, its category counts (up to a cap), a uniform sample of its
 * values for numeric binning and, while its values are numbers or dates, the 2 {@code k} smallest and largest of
 * them over every row (extreme values are clipped at the {@code k}-th). Memory is bounded by the caps, not by the row
 * count.
 */
final class ColumnProfile {

    static final int MAX_TRACKED_CATEGORIES = 20_000;
    static final int RESERVOIR_SIZE = 20_000;
    /** Tokens that mean "no value" in a numeric or date column; in a categorical column they are labels. */
    static final Set<String> MISSING_TOKENS = Set.of("NA", "N/A", "NaN", "nan", "null", "NULL");
    private static final Pattern INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9]{0,17})");
    static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+");
    static final Set<String> BOOLEANS = Set.of("true", "false", "TRUE", "FALSE", "True", "False", "yes", "no",
            "Yes", "No", "Y", "N", "0", "1");

    final String name;
    final ColumnType configured;
    long empty;
    long present;
    final Map<String, long[]> missingTokens = new HashMap<>();
    final Map<String, long[]> categories = new HashMap<>();
    boolean categoriesOverflowed;
    long firstNotInteger = -1;
    long firstNotDecimal = -1;
    int maxDecimals;
    /** The date patterns every value so far matched, in {@link DateFormats#PATTERNS}' order. */
    private final List<DateCandidate> dateCandidates = new ArrayList<>();
    long firstNotDate = -1;
    /** The most fraction-of-second digits among the values, for a timestamp column written back as wide. */
    private int fractionDigits;
    boolean allBoolean = true;
    private final Reservoir<String> reservoir;
    /** The counts a differentially private model chooses the type from; {@code null} without privacy. */
    final PrivateTypes.Counts privateCounts;
    /**
     * The largest {@code k} for which a column keeps its 2 k smallest and largest numbers: a larger one clips at the
     * sample's {@code k}-th values instead, so the profile's memory stays bounded.
     */
    static final int MAX_EXTREMES = 100;
    /** Where values are clipped, the {@code k}-th smallest and largest: {@code k}, or 0 past {@link #MAX_EXTREMES}. */
    private final int kept;
    /** The column's numbers' extremes, while its values are numbers. */
    private final Extremes numberExtremes;

    /**
     * A date pattern the column may be in, with its reader and the extremes of the values it read: epoch days or
     * seconds, or micro-seconds when it has a fraction of a second ({@code readAs}: the values' fractions differ in
     * width, and the column's widest sets the unit only once every row is read).
     */
    private record DateCandidate(String pattern, String readAs, DateTimeFormatter formatter, Extremes extremes) {
    }

    ColumnProfile(String name, ColumnType configured, long seed) {
        this(name, configured, seed, false);
    }

    ColumnProfile(String name, ColumnType configured, long seed, boolean forPrivacy) {
        this(name, configured, seed, forPrivacy, SynthConfig.defaults().k());
    }

    /**
     * @param forPrivacy whether to gather the counts a differentially private model chooses the type from
     * @param k where numbers are clipped: the profile keeps the 2 k smallest and largest
     */
    ColumnProfile(String name, ColumnType configured, long seed, boolean forPrivacy, int k) {
        this.name = name;
        this.configured = configured;
        this.privateCounts = forPrivacy ? new PrivateTypes.Counts() : null;
        this.kept = k >= 1 && k <= MAX_EXTREMES ? k : 0;
        this.numberExtremes = new Extremes(kept);
        this.reservoir = new Reservoir<>(RESERVOIR_SIZE, new SplittableRandom(seed));
        DateFormats.PATTERNS.forEach(p -> dateCandidates.add(new DateCandidate(p,
                DateFormats.withFractionDigits(p, DateFormats.MAX_MODELLED_DIGITS), DateFormats.formatter(p),
                new Extremes(kept))));
    }

    void accept(String value, long line) {
        if (value.isEmpty()) {
            empty++;
            return;
        }
        if (MISSING_TOKENS.contains(value)) {
            missingTokens.computeIfAbsent(value, v -> new long[1])[0]++;
            return;
        }
        present++;
        // matched once for both uses: the number pattern is most of the first pass's time on numeric columns
        boolean number = (firstNotDecimal < 0 || privateCounts != null) && DECIMAL.matcher(value).matches()
                && withinRange(value);
        if (privateCounts != null) {
            privateCounts.accept(value, number && !leadingZero(value));
        }
        long[] count = categories.get(value);
        if (count != null) {
            count[0]++;
        } else if (categories.size() < MAX_TRACKED_CATEGORIES) {
            categories.put(value, new long[] { 1 });
        } else {
            categoriesOverflowed = true;
        }
        if (allBoolean && !BOOLEANS.contains(value)) {
            allBoolean = false;
        }
        if (firstNotDecimal < 0) {
            if (number) {
                numberExtremes.accept(Double.parseDouble(value));
                maxDecimals = Math.max(maxDecimals, decimals(value));
                if (firstNotInteger < 0 && !INTEGER.matcher(value).matches()) {
                    firstNotInteger = line;
                }
            } else {
                firstNotDecimal = line;
                if (firstNotInteger < 0) {
                    firstNotInteger = line;
                }
            }
        }
        if (firstNotDate < 0) {
            for (int i = dateCandidates.size() - 1; i >= 0; i--) {
                DateCandidate candidate = dateCandidates.get(i);
                Long date = DateFormats.parse(value, candidate.readAs(), candidate.formatter());
                if (date != null) {
                    candidate.extremes().accept(date);
                } else {
                    dateCandidates.remove(i);
                }
            }
            if (dateCandidates.isEmpty()) {
                firstNotDate = line;
            } else {
                fractionDigits = Math.max(fractionDigits, DateFormats.fractionDigits(value));
            }
        }
        reservoir.offer(() -> value);
    }

    /**
     * @return where the column's numbers are clipped, over every row, or {@code null} when its values are not all
     *         numbers or fewer than 2 k (no range that k values reach from both ends)
     */
    Clip clip() {
        return firstNotDecimal >= 0 ? null : numberExtremes.clip();
    }

    /** @return the same for a date column, in the units {@link ColumnModel#number} reads its dates in */
    Clip dateClip() {
        String pattern = datePattern();
        Clip clip = pattern == null ? null : dateCandidates.get(0).extremes().clip();
        if (clip == null) {
            return null;
        }
        // micro-seconds to the column's own unit: exact, as no value has more fraction digits than the column
        double scale = DateFormats.unitsPerSecond(dateCandidates.get(0).readAs()) / (double) DateFormats.unitsPerSecond(
                pattern);
        return new Clip(clip.low() / scale, clip.high() / scale, clip.innerLow() / scale, clip.innerHigh() / scale,
                clip.beyondLow(), clip.beyondHigh());
    }

    /** @return how many of the smallest and largest numbers are kept */
    int extremesKept() {
        return kept;
    }

    /**
     * Where a column's values are clipped: the {@code k}-th smallest and largest over every row. With at least 8 k
     * values, also the 2 k-th smallest and largest, which give the scale of the tails drawn beyond the bounds, and
     * how many rows lie strictly beyond each bound; else those are NaN and 0. Nothing here depends on the values of
     * the rows beyond the bounds, only on how many there are.
     */
    record Clip(double low, double high, double innerLow, double innerHigh, long beyondLow, long beyondHigh) {

        boolean hasTails() {
            return !Double.isNaN(innerLow);
        }
    }

    /** The 2 k smallest and largest of the values offered, in two bounded sorted arrays. */
    private static final class Extremes {
        private final int k;
        /** The smallest values, ascending, as many as 2 k; then the largest likewise. */
        private final double[] smallest;
        private final double[] largest;
        private long count;

        Extremes(int k) {
            this.k = k;
            smallest = new double[2 * k];
            largest = new double[2 * k];
        }

        void accept(double value) {
            if (smallest.length == 0) {
                return;
            }
            int held = (int) Math.min(count, smallest.length);
            count++;
            if (held < smallest.length) {
                insert(smallest, held, value);
                insert(largest, held, value);
                return;
            }
            if (value < smallest[held - 1]) {
                insert(smallest, held - 1, value);
            }
            if (value > largest[0]) {
                System.arraycopy(largest, 1, largest, 0, held - 1);
                insert(largest, held - 1, value);
            }
        }

        /** @return the clipping bounds, or {@code null} with fewer than 2 k values (or k = 0) */
        Clip clip() {
            if (k == 0 || count < 2L * k) {
                return null;
            }
            int held = (int) Math.min(count, largest.length);
            double low = smallest[k - 1];
            double high = largest[held - k];
            if (count < 8L * k) {
                // the 2 k values at each end would be the middle of the column, not its tails
                return new Clip(low, high, Double.NaN, Double.NaN, 0, 0);
            }
            long beyondLow = 0;
            long beyondHigh = 0;
            for (int i = 0; i < k - 1; i++) {
                beyondLow += smallest[i] < low ? 1 : 0;
                beyondHigh += largest[largest.length - 1 - i] > high ? 1 : 0;
            }
            return new Clip(low, high, smallest[2 * k - 1], largest[0], beyondLow, beyondHigh);
        }

        /** Puts {@code value} into the ascending {@code sorted[0..length]}, dropping what was at {@code length}. */
        private static void insert(double[] sorted, int length, double value) {
            int at = length;
            while (at > 0 && sorted[at - 1] > value) {
                sorted[at] = sorted[at - 1];
                at--;
            }
            sorted[at] = value;
        }
    }

    /** @return the date pattern every value matched, or {@code null} */
    String datePattern() {
        return present > 0 && firstNotDate < 0 ? DateFormats.withFractionDigits(dateCandidates.get(0).pattern(), fractionDigits)
                : null;
    }

    /**
     * @return the type to model the column as: the configured one when it fits the data, else the inferred one
     * @throws InvalidInputException when the configured type does not fit, naming the first row that breaks it
     */
    ColumnType resolveType() {
        if (configured != null) {
            long offending = switch (configured) {
                case INTEGER -> firstNotInteger;
                case DECIMAL -> firstNotDecimal;
                case DATETIME -> present == 0 ? -1 : firstNotDate;
                default -> -1;
            };
            if (offending >= 0) {
                throw new InvalidInputException("column " + name + " is configured as " + configured.configName()
                        + " but row " + offending + " holds a value that is not "
                        + (configured == ColumnType.DATETIME ? "in a recognised date format"
                                : "a "
                                        + configured.configName()));
            }
            return configured;
        }
        if (present == 0) {
            return ColumnType.CATEGORICAL;
        }
        if (allBoolean && categories.size() <= 2) {
            return ColumnType.BOOLEAN;
        }
        boolean codes = hasLeadingZeros();
        if (firstNotInteger < 0 && !codes) {
            return ColumnType.INTEGER;
        }
        if (firstNotDecimal < 0 && !codes) {
            return ColumnType.DECIMAL;
        }
        if (datePattern() != null) {
            return ColumnType.DATETIME;
        }
        return mostlyUnique() ? ColumnType.IDENTIFIER : ColumnType.CATEGORICAL;
    }

    /** At least 100 distinct values, and most rows hold a value seen fewer than 10 times. */
    private boolean mostlyUnique() {
        if (categories.size() < 100) {
            return false;
        }
        long rare = categoriesOverflowed ? present : 0;
        if (!categoriesOverflowed) {
            for (long[] count : categories.values()) {
                rare += count[0] < 10 ? count[0] : 0;
            }
        }
        return rare * 2 > present;
    }

    /** Codes such as {@code 00501} look like numbers but are labels. */
    private boolean hasLeadingZeros() {
        for (String value : categories.keySet()) {
            if (leadingZero(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param number a value the decimal pattern matches
     * @return its digits after the point, at most 8; 0 for a number with an exponent
     */
    static int decimals(String number) {
        int dot = number.indexOf('.');
        boolean exponent = number.indexOf('e') >= 0 || number.indexOf('E') >= 0;
        return dot < 0 || exponent ? 0 : Math.min(8, number.length() - dot - 1);
    }

    /** @return whether a number's text is within a double's range ({@code 1e400} is not), parsed only when it may not be */
    private static boolean withinRange(String number) {
        boolean mayOverflow = number.length() > 300 || number.indexOf('e') >= 0 || number.indexOf('E') >= 0;
        return !mayOverflow || Double.isFinite(Double.parseDouble(number));
    }

    /** @return whether a value is written with a zero before another digit, as codes such as {@code 00501} are */
    static boolean leadingZero(String value) {
        int start = value.startsWith("-") || value.startsWith("+") ? 1 : 0;
        return value.length() > start + 1 && value.charAt(start) == '0' && Character.isDigit(value.charAt(start + 1));
    }

    /** @return the values kept in the uniform sample */
    List<String> sampledValues() {
        return reservoir.items();
    }
}
