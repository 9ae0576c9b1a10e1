package dev.airlock.synth;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * A column's type, date pattern and digits under differential privacy, released with a part of the column's budget
 * instead of read off the data (where one odd value decides them, and so shows it is there).
 * <ul>
 * <li><b>Type</b>: the exponential mechanism chooses among categorical (score 0), number (the present values that are
 * numbers, less half the present values) and each recognised date pattern (the present values in that pattern, less
 * half the present values). Adding or removing a row moves every score by at most ½, so each choice has probability
 * proportional to {@code exp(ε_type · score)}: a column whose values are mostly numbers is a number, and its other
 * values are missing values. Identifiers are not chosen (their evidence, values held by one row, is too weak against
 * a categorical column's on small tables): a column of mostly unique values is categorical, its labels fall under the
 * threshold, unless it is configured as an identifier.
 * <li><b>Digits</b>: a number's decimal digits (0 to 8) and a timestamp's fraction-of-second digits (0 to 9) are a
 * histogram, each present value in one bucket, released with Laplace noise of scale 1 / ε_digits; the column keeps
 * the most digits whose noisy count stands out of the noise and holds a tenth of the fullest bucket's. A number
 * without decimals is an integer.
 * </ul>
 * A configured type is not drawn (a configured datetime still draws its pattern among the date patterns); declared
 * labels make a column categorical, or boolean when they are two boolean words, at no cost. A categorical column
 * whose released labels are two boolean words is boolean (post-processing).
 */
final class PrivateTypes {

    /** Share of a column's part of epsilon that chooses its type (or its date pattern). */
    static final double TYPE_PART = 0.25;
    /** Share of a column's part of epsilon that releases its digits, when its type has them. */
    static final double DIGITS_PART = 0.1;
    /** Probability that some empty bucket of the digits' histogram stands out of the noise. */
    private static final double FALSE_DIGITS = 0.001;
    /** A bucket of the digits' histogram must hold this share of the fullest one's noisy count. */
    private static final double DIGITS_SHARE = 0.1;
    private static final int MAX_DECIMALS = 8;
    private static final int MAX_FRACTION = 9;

    /** The date patterns a column chooses among: those without a fraction of a second. */
    static final List<String> DATE_PATTERNS = DateFormats.PATTERNS.stream().filter(p -> fractionOf(p) == null)
            .toList();

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
     */
    static Choice choose(ColumnProfile profile, List<String> declaredLabels, double epsilon, SplittableRandom noise) {
        ColumnType configured = profile.configured;
        if (configured != null) {
            // a configured type that the values do not fit is an error before anything is released
            profile.resolveType();
        }
        if (declaredLabels != null) {
            return new Choice(configured != null ? configured
                    : booleanLabels(declaredLabels) ? ColumnType.BOOLEAN : ColumnType.CATEGORICAL, null, 0, 0);
        }
        Counts counts = profile.privateCounts;
        double spent = 0;
        ColumnType type = configured;
        int pattern = -1;
        if (configured == null || configured == ColumnType.DATETIME) {
            double typeEpsilon = TYPE_PART * epsilon;
            spent += typeEpsilon;
            double half = profile.present / 2.0;
            List<Double> scores = new ArrayList<>();
            if (configured == null) {
                scores.add(0.0);
                scores.add(counts.numbers - half);
            }
            for (long fits : counts.dates) {
                scores.add(fits - half);
            }
            int chosen = exponentialMechanism(scores, typeEpsilon, noise);
            if (configured == null && chosen < 2) {
                type = chosen == 0 ? ColumnType.CATEGORICAL : ColumnType.DECIMAL;
            } else {
                type = ColumnType.DATETIME;
                pattern = configured == null ? chosen - 2 : chosen;
            }
        }
        if (type == ColumnType.DECIMAL) {
            spent += DIGITS_PART * epsilon;
            int decimals = digits(counts.decimals, DIGITS_PART * epsilon, noise);
            return new Choice(decimals == 0 && configured == null ? ColumnType.INTEGER : ColumnType.DECIMAL, null,
                    decimals, spent);
        }
        if (type == ColumnType.DATETIME) {
            String base = DATE_PATTERNS.get(pattern);
            String withFraction = fractionOf(base);
            if (withFraction == null) {
                return new Choice(type, base, 0, spent);
            }
            spent += DIGITS_PART * epsilon;
            int fraction = digits(counts.fractions[pattern], DIGITS_PART * epsilon, noise);
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
     * @return a choice drawn with probability proportional to {@code exp(epsilon · score)}: the exponential
     *         mechanism, as the largest score plus Gumbel noise
     */
    static int exponentialMechanism(List<Double> scores, double epsilon, SplittableRandom noise) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.size(); i++) {
            double u = noise.nextDouble();
            double value = epsilon * scores.get(i) - Math.log(-Math.log(u == 0 ? Double.MIN_VALUE : u));
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
        private static final Pattern NUMBER = Pattern.compile(
                "[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+");

        long numbers;
        final long[] decimals = new long[MAX_DECIMALS + 1];
        final long[] dates = new long[DATE_PATTERNS.size()];
        final long[][] fractions = new long[DATE_PATTERNS.size()][MAX_FRACTION + 1];
        private final String[] patterns = new String[DATE_PATTERNS.size()];
        private final DateTimeFormatter[] formatters = new DateTimeFormatter[DATE_PATTERNS.size()];

        Counts() {
            for (int i = 0; i < patterns.length; i++) {
                String withFraction = fractionOf(DATE_PATTERNS.get(i));
                // a pattern with a fraction reads values with and without one
                patterns[i] = withFraction != null ? withFraction : DATE_PATTERNS.get(i);
                formatters[i] = DateFormats.formatter(patterns[i]);
            }
        }

        /** @param value a present value (not empty, not a missing token) */
        void accept(String value) {
            if (NUMBER.matcher(value).matches()) {
                numbers++;
                int dot = value.indexOf('.');
                boolean exponent = value.indexOf('e') >= 0 || value.indexOf('E') >= 0;
                decimals[dot < 0 || exponent ? 0 : Math.min(MAX_DECIMALS, value.length() - dot - 1)]++;
                return;
            }
            if (!DateFormats.mayBeDate(value)) {
                return;
            }
            for (int i = 0; i < patterns.length; i++) {
                if (DateFormats.fits(value, patterns[i], formatters[i])) {
                    dates[i]++;
                    fractions[i][Math.min(MAX_FRACTION, DateFormats.fractionDigits(value))]++;
                }
            }
        }
    }
}
