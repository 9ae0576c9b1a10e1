package dev.airlock.synth;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A column's type, date pattern and digits under differential privacy, released with a part of the column's budget
 * instead of read off the data (where one odd value decides them, and so shows it is there).
 * <ul>
 * <li><b>Type</b>: the exponential mechanism chooses among categorical (score 0), number (the present values that are
 * numbers, less half the present values) and each recognised date pattern (the present values in that pattern, less
 * half the present values). Adding or removing a row moves every score by at most ½, so each choice has probability
 * proportional to {@code weight · exp(ε_type · score)}, where the date patterns share one weight and categorical and
 * number have one each: a column whose values are mostly numbers is a number, and its other
 * values are missing values. Identifiers are not chosen (their evidence, values held by one row, is too weak against
 * a categorical column's on small tables): a column of mostly unique values is categorical, its labels fall under the
 * threshold, unless it is configured as an identifier.
 * <li><b>Digits</b>: a number's decimal digits (0 to 8) and a timestamp's fraction-of-second digits (0 to 9) are a
 * histogram, each present value in one bucket, released with Laplace noise of scale 1 / ε_digits; the column keeps
 * the most digits whose noisy count stands out of the noise and holds a tenth of the fullest bucket's. A number
 * without decimals is an integer.
 * </ul>
 * A configured type is not drawn (a configured datetime still draws its pattern among the date patterns); declared
 * labels make a column categorical, or boolean when they are two boolean words, and declared bounds a number or a
 * date in their pattern, at no cost. A categorical column
 * whose released labels are two boolean words is boolean (post-processing).
 */
final class PrivateTypes {

    /** The largest share of a column's part of epsilon that chooses its type (or its date pattern). */
    static final double TYPE_PART = 0.25;
    /**
     * Below that share, the type's epsilon is this over the noisy row count: a wrong choice is then about e^-25 as
     * likely as the right one for a column with no missing values (the scores are half the rows apart), and large
     * tables keep their budget for the labels and bins.
     */
    static final double TYPE_ROWS_EPSILON = 50;
    /** The largest share of a column's part of epsilon that releases its digits, when its type has them. */
    static final double DIGITS_PART = 0.1;
    /**
     * Below that share, the digits' epsilon is this over the noisy row count: a number of digits is then kept when
     * about a fifth of the rows have it.
     */
    static final double DIGITS_ROWS_EPSILON = 40;
    /** Probability that some empty bucket of the digits' histogram stands out of the noise. */
    private static final double FALSE_DIGITS = 0.001;
    /** A bucket of the digits' histogram must hold this share of the fullest one's noisy count. */
    private static final double DIGITS_SHARE = 0.1;
    /** {@link ColumnProfile#decimals}' most. */
    private static final int MAX_DECIMALS = 8;
    private static final int MAX_FRACTION = 9;

    /** The date patterns a column chooses among: those without a fraction of a second. */
    static final List<String> DATE_PATTERNS = DateFormats.PATTERNS.stream().filter(p -> fractionOf(p) == null)
            .toList();
    /** What each of those reads values with: its variant with a fraction when there is one, which reads both. */
    private static final List<String> READ_PATTERNS = DATE_PATTERNS.stream()
            .map(p -> fractionOf(p) != null ? fractionOf(p) : p).toList();
    private static final List<DateTimeFormatter> READERS = READ_PATTERNS.stream().map(DateFormats::formatter).toList();

    private PrivateTypes() {
    }

    /**
     * What a column is under differential privacy.
     *
     * @param type how the column is modelled
     * @param datePattern the pattern of a datetime column, else {@code null}
     * @param decimals a decimal column's digits
     * @param spent the part of epsilon spent on choosing them
     */
    record Choice(ColumnType type, String datePattern, int decimals, double spent) {
    }

    /**
     * @param declaredLabels the column's declared labels, or {@code null}
     * @param epsilon the column's part of epsilon, of which this spends {@link #TYPE_PART} and {@link #DIGITS_PART}
     *        at most
     * @param declaredBounds the column's declared {@code [min, max]}, or {@code null}: numbers declare a number
     *        column, dates a date column in their pattern, at no cost
     * @param rows the noisy row count
     */
    static Choice choose(ColumnProfile profile, List<String> declaredLabels, List<String> declaredBounds,
            double epsilon, long rows, SplittableRandom noise) {
        // unlike without privacy, a configured type is not checked against the values: the error would name a row
        // and leave the zone in the task's status; values that do not fit are missing values
        ColumnType configured = profile.configured;
        if (declaredLabels != null) {
            return new Choice(configured != null ? configured
                    : booleanLabels(declaredLabels) ? ColumnType.BOOLEAN : ColumnType.CATEGORICAL, null, 0, 0);
        }
        Counts counts = profile.privateCounts;
        double digitsEpsilon = Math.min(DIGITS_PART * epsilon, DIGITS_ROWS_EPSILON / Math.max(1, rows));
        double spent = 0;
        ColumnType type = configured;
        boolean dateAllowed = configured == null || configured == ColumnType.DATETIME;
        int pattern = declaredBounds != null && dateAllowed ? patternOf(declaredBounds) : -1;
        if (declaredBounds != null && configured == null
                && declaredBounds.stream().allMatch(bound -> ColumnProfile.DECIMAL.matcher(bound).matches())) {
            // bounds that are numbers declare a number column
            type = ColumnType.DECIMAL;
        } else if (pattern >= 0) {
            // bounds that are dates declare a date column in their pattern
            type = ColumnType.DATETIME;
        } else if (dateAllowed) {
            double typeEpsilon = Math.min(TYPE_PART * epsilon, TYPE_ROWS_EPSILON / Math.max(1, rows));
            spent += typeEpsilon;
            double half = profile.present / 2.0;
            // the date patterns share one weight, as categorical and number have one each: ten patterns that fit
            // nothing are then no likelier together than a number that fits nothing
            List<Double> scores = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            if (configured == null) {
                scores.add(0.0);
                scores.add(counts.numbers - half);
                weights.add(1.0);
                weights.add(1.0);
            }
            for (long fits : counts.dates) {
                scores.add(fits - half);
                weights.add(1.0 / counts.dates.length);
            }
            int chosen = exponentialMechanism(scores, weights, typeEpsilon, noise);
            if (configured == null && chosen < 2) {
                type = chosen == 0 ? ColumnType.CATEGORICAL : ColumnType.DECIMAL;
            } else {
                type = ColumnType.DATETIME;
                pattern = configured == null ? chosen - 2 : chosen;
            }
        }
        if (type == ColumnType.DECIMAL) {
            spent += digitsEpsilon;
            int decimals = digits(counts.decimals, digitsEpsilon, noise);
            return new Choice(decimals == 0 && configured == null ? ColumnType.INTEGER : ColumnType.DECIMAL, null,
                    decimals, spent);
        }
        if (type == ColumnType.DATETIME) {
            String base = DATE_PATTERNS.get(pattern);
            String withFraction = fractionOf(base);
            if (withFraction == null) {
                return new Choice(type, base, 0, spent);
            }
            spent += digitsEpsilon;
            int fraction = digits(counts.fractions[pattern], digitsEpsilon, noise);
            return new Choice(type, fraction == 0 ? base : DateFormats.withFractionDigits(withFraction, fraction), 0,
                    spent);
        }
        return new Choice(type, null, 0, spent);
    }

    /** @return whether released or declared labels are the two words of a boolean column */
    static boolean booleanLabels(List<String> labels) {
        List<String> words = labels.stream().filter(l -> !l.isEmpty() && !l.equals(ColumnModel.RARE)).toList();
        return !words.isEmpty() && words.size() <= 2 && ColumnProfile.BOOLEANS.containsAll(words);
    }

    /**
     * @param scores each choice's score, moved by at most ½ when a row is added or removed
     * @param weights each choice's weight before the data is seen (the mechanism's base measure)
     * @return a choice drawn with probability proportional to {@code weight · exp(epsilon · score)}: the exponential
     *         mechanism, as the largest log-weight plus Gumbel noise
     */
    static int exponentialMechanism(List<Double> scores, List<Double> weights, double epsilon,
            SplittableRandom noise) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.size(); i++) {
            double u = noise.nextDouble();
            double value = epsilon * scores.get(i) + Math.log(weights.get(i))
                    - Math.log(-Math.log(u == 0 ? Double.MIN_VALUE : u));
            if (value > bestValue) {
                bestValue = value;
                best = i;
            }
        }
        return best;
    }

    /**
     * @param histogram the present values by their number of digits
     * @return the most digits whose noisy count stands out of the noise and holds a tenth of the fullest bucket's; the
     *         fullest bucket's when none does
     */
    static int digits(long[] histogram, double epsilon, SplittableRandom noise) {
        double scale = 1 / epsilon;
        double[] noisy = new double[histogram.length];
        int fullest = 0;
        for (int d = 0; d < histogram.length; d++) {
            noisy[d] = histogram[d] + PrivacyBudget.laplace(scale, noise);
            fullest = noisy[d] > noisy[fullest] ? d : fullest;
        }
        double threshold = Math.max(scale * Math.log(histogram.length / (2 * FALSE_DIGITS)),
                DIGITS_SHARE * noisy[fullest]);
        for (int d = histogram.length - 1; d > 0; d--) {
            if (noisy[d] >= threshold) {
                return d;
            }
        }
        return fullest;
    }

    /** @return the index of the first date pattern both bounds are written in, or -1 */
    private static int patternOf(List<String> bounds) {
        for (int i = 0; i < DATE_PATTERNS.size(); i++) {
            String pattern = READ_PATTERNS.get(i);
            DateTimeFormatter formatter = READERS.get(i);
            if (bounds.stream().allMatch(bound -> DateFormats.parse(bound, pattern, formatter) != null)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the recognised pattern that is {@code pattern} with a fraction of a second, or {@code null} */
    private static String fractionOf(String pattern) {
        String withFraction = pattern.replace("ss", "ss.SSS");
        return !withFraction.equals(pattern) && DateFormats.PATTERNS.contains(withFraction) ? withFraction : null;
    }

    /**
     * The exact counts a private choice is made from, gathered in the first pass: how many present values are
     * numbers and by how many decimals, and how many fit each date pattern and by how many fraction digits.
     */
    static final class Counts {

        long numbers;
        final long[] decimals = new long[MAX_DECIMALS + 1];
        final long[] dates = new long[DATE_PATTERNS.size()];
        final long[][] fractions = new long[DATE_PATTERNS.size()][MAX_FRACTION + 1];
        private int lastFitted;

        /**
         * @param value a present value (not empty, not a missing token)
         * @param number whether it is a number ({@link ColumnProfile}'s decimal pattern)
         */
        void accept(String value, boolean number) {
            if (number) {
                numbers++;
                decimals[ColumnProfile.decimals(value)]++;
                return;
            }
            if (!DateFormats.mayBeDate(value)) {
                return;
            }
            // a value fits one pattern at most (they differ in their separators or length); the one the last date
            // fitted is tried first, so a date column parses each value about once
            for (int tried = 0; tried < dates.length; tried++) {
                int i = (lastFitted + tried) % dates.length;
                if (DateFormats.fits(value, READ_PATTERNS.get(i), READERS.get(i))) {
                    dates[i]++;
                    fractions[i][Math.min(MAX_FRACTION, DateFormats.fractionDigits(value))]++;
                    lastFitted = i;
                    return;
                }
            }
        }
    }
}
