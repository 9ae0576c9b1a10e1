package dev.airlock.synth;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One column of a model: how its values map to bins and back. Bins are, in order, the labels (categorical) or the
 * numeric bins, then the missing-value bin when the column has missing values. Every label, every numeric bin and
 * every piece inside a bin stands for at least {@code k} training rows; rarer labels are pooled into {@value #RARE},
 * rarer numbers into intervals, so no rare value is written into the model or drawn from it.
 *
 * @param name the column name
 * @param type how it is modelled
 * @param labels categorical labels, one per bin; {@code null} for numeric columns
 * @param bins numeric bins as {@code [low, high]}, a point when equal; {@code null} for categorical columns
 * @param decimals digits after the point for decimal columns
 * @param datePattern the format of a datetime column
 * @param missingToken the text written for a missing value, {@code null} when the column has none
 * @param pieces for each numeric bin, how values are drawn inside it: {@code [low, high, weight]} per piece (a point
 *        when low equals high), or {@code null} for uniformly over the bin; {@code null} for every bin in models
 *        before version 3 and for categorical columns; in differentially private models read from the released
 *        noisy histogram
 * @param tails for a number column, its low and its high tail (since version 6; {@code null} before, for date and
 *        categorical columns, and for number columns of fewer than 8 k values): each {@code null} or
 *        {@code [scale, share, limit]}. A value drawn in the outermost bin lies beyond the bin's bound with
 *        probability {@code share}, at an exponentially distributed distance of scale {@code scale}, truncated at
 *        {@code limit}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ColumnModel(String name, ColumnType type, List<String> labels, List<double[]> bins, int decimals,
        String datePattern, String missingToken, List<double[][]> pieces, List<double[]> tails) {

    /** What a pooled rare category is written as. */
    static final String RARE = "_RARE_";
    /** The most labels a column keeps; the rest are pooled like rare ones. */
    static final int MAX_LABELS = 1000;
    /**
     * A numeric column has at most this many bins per square root of its rows in units of {@code k}: a small table
     * gets coarse bins, so tables of a column with its parents stay estimable, while the pieces inside each bin keep
     * the column's own shape fine.
     */
    static final double BINS_PER_ROOT = 1.5;
    /** The most pieces that give the shape of the values inside one numeric bin. */
    static final int MAX_PIECES = 16;
    /** The most of its outermost bin's draws a tail takes: the rest are still drawn inside the bin. */
    static final double MAX_TAIL_SHARE = 0.5;

    ColumnModel(String name, ColumnType type, List<String> labels, List<double[]> bins, int decimals,
            String datePattern, String missingToken, List<double[][]> pieces) {
        this(name, type, labels, bins, decimals, datePattern, missingToken, pieces, null);
    }

    /**
     * @param pattern the column's date pattern, {@code null} for a number column
     * @return the value as a number (a date as its epoch day or second), or {@code null} when it is not one
     */
    static Double number(String value, String pattern, DateTimeFormatter formatter) {
        if (pattern != null) {
            Long date = DateFormats.parse(value, pattern, formatter);
            return date == null ? null : date.doubleValue();
        }
        try {
            // a number beyond a double's range is not one (the profile says so too)
            double number = Double.parseDouble(value);
            return Double.isFinite(number) ? number : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @JsonIgnore
    int binCount() {
        return (labels != null ? labels.size() : bins.size()) + (missingToken != null ? 1 : 0);
    }

    @JsonIgnore
    int missingBin() {
        return missingToken == null ? -1 : binCount() - 1;
    }

    /**
     * @return the bin that stands for a missing value: the missing bin, else a categorical column's label that is a
     *         missing-value token ({@code NA}, {@code null}, …) frequent enough to be kept; -1 when there is none
     */
    @JsonIgnore
    int missingValueBin() {
        if (missingToken != null || labels == null) {
            return missingBin();
        }
        for (int b = 0; b < labels.size(); b++) {
            if (ColumnProfile.MISSING_TOKENS.contains(labels.get(b))) {
                return b;
            }
        }
        return -1;
    }

    /**
     * Builds the column from its first-pass profile.
     *
     * @param withPieces whether numeric bins keep the shape of the values inside them (not under differential
     *        privacy, where it would be an unmeasured count)
     */
    static ColumnModel of(ColumnProfile profile, ColumnType type, int k, int maxBins, boolean withPieces) {
        return of(profile, type, k, maxBins, withPieces, null);
    }

    /**
     * Builds the column from its first-pass profile.
     *
     * @param withPieces whether numeric bins keep the shape of the values inside them
     * @param declared the column's declared {@code [min, max]} as written in the configuration, or {@code null}: no
     *        tail reaches past them
     * @throws InvalidInputException when bounds are declared for a column that is not a number or date column, or
     *         are not numbers or dates in the column's format
     */
    static ColumnModel of(ColumnProfile profile, ColumnType type, int k, int maxBins, boolean withPieces,
            List<String> declared) {
        if (type.numeric()) {
            return numeric(profile, type, k, maxBins, withPieces, declared);
        }
        if (declared != null) {
            throw declaredOnLabels(profile.name, type);
        }
        Map<String, long[]> counts = new HashMap<>();
        if (type == ColumnType.IDENTIFIER) {
            profile.categories.forEach((value, count) -> counts.computeIfAbsent(shape(value), v -> new long[1])[0] += count[0]);
        } else {
            counts.putAll(profile.categories);
        }
        profile.missingTokens.forEach((token, count) -> counts.put(token, count));
        List<Map.Entry<String, long[]>> frequent = new ArrayList<>();
        long rare = 0;
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            if (entry.getValue()[0] >= k) {
                frequent.add(entry);
            } else {
                rare += entry.getValue()[0];
            }
        }
        frequent.sort(Comparator.<Map.Entry<String, long[]>> comparingLong(e -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey));
        if (frequent.size() > MAX_LABELS) {
            rare += frequent.subList(MAX_LABELS, frequent.size()).stream().mapToLong(e -> e.getValue()[0]).sum();
            frequent = frequent.subList(0, MAX_LABELS);
        }
        List<String> labels = new ArrayList<>(frequent.stream().map(Map.Entry::getKey).toList());
        if (rare > 0 || profile.categoriesOverflowed || labels.isEmpty() && profile.present > 0) {
            labels.add(RARE);
        }
        return new ColumnModel(profile.name, type, labels, null, 0, null, profile.empty > 0 ? "" : null, null);
    }

    /** @return the error for bounds declared on a column of labels */
    static InvalidInputException declaredOnLabels(String name, ColumnType type) {
        return new InvalidInputException("model configuration setting columns." + name
                + ".min and max apply to integer, decimal and datetime columns; " + name + " is " + type.configName());
    }

    /**
     * @param declared a column's declared {@code [min, max]} as written in the configuration
     * @return them as numbers (dates as epoch days or seconds)
     * @throws InvalidInputException when one is not a number or a date in the column's format, or min is not below max
     */
    static double[] declaredBounds(List<String> declared, String name, String pattern, DateTimeFormatter formatter) {
        double[] bounds = { declaredBound(declared.get(0), name + ".min", pattern, formatter),
                declaredBound(declared.get(1), name + ".max", pattern, formatter) };
        if (!(bounds[0] < bounds[1])) {
            throw new InvalidInputException(
                    "model configuration setting columns." + name + ".min must be below its max");
        }
        return bounds;
    }

    /** @return a declared bound as a number (a date as epoch days or seconds) */
    private static double declaredBound(String text, String path, String pattern, DateTimeFormatter formatter) {
        if (pattern != null) {
            Long date = DateFormats.parse(text, pattern, formatter);
            if (date == null) {
                throw new InvalidInputException("model configuration setting columns." + path
                        + " must be a date written as the column's values are (" + pattern + ")");
            }
            return date;
        }
        try {
            double number = Double.parseDouble(text);
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new InvalidInputException("model configuration setting columns." + path + " must be a number");
    }

    private static ColumnModel numeric(ColumnProfile profile, ColumnType type, int k, int maxBins,
            boolean withPieces, List<String> declared) {
        String pattern = type == ColumnType.DATETIME ? profile.datePattern() : null;
        DateTimeFormatter formatter = pattern == null ? null : DateFormats.formatter(pattern);
        double[] limits = declared == null ? new double[] { Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY }
                : declaredBounds(declared, profile.name, pattern, formatter);
        double[] values = profile.sampledValues().stream()
                .mapToDouble(v -> number(v, pattern, formatter)).sorted().toArray();
        String missingToken = missingToken(profile);
        List<double[]> bins = new ArrayList<>();
        List<double[][]> pieces = withPieces ? new ArrayList<>() : null;
        List<double[]> tails = null;
        if (values.length > 0) {
            // distinct values with how often the sample holds them; the sample is a subset of the rows, so a run of
            // at least k sampled values stands for at least k rows
            List<double[]> runs = new ArrayList<>();
            for (int i = 0; i < values.length;) {
                int j = i;
                while (j < values.length && values[j] == values[i]) {
                    j++;
                }
                runs.add(new double[] { values[i], j - i });
                i = j;
            }
            // extreme values clipped to the k-th smallest and largest value over every row, so no value is drawn
            // beyond what k rows reach. The 0.5 % and 99.5 % quantiles clipped before: on fewer than 200 k rows they
            // lie among the k most extreme (on 275 rows, between the two largest), and on large tables they cut more
            // of the tails than protecting them needs. A column of fewer than 2 k values has no range that k values
            // reach from both ends: it keeps the quantiles, an interval, rather than a point held by one row
            ColumnProfile.Clip clip = k != profile.extremesKept() ? null
                    : pattern == null ? profile.clip() : profile.dateClip();
            boolean wide = values.length >= 2 * k;
            double lowest = clip != null ? clip.low() : wide ? values[k - 1] : quantile(values, 0.005);
            double highest = clip != null ? clip.high() : wide ? values[values.length - k] : quantile(values, 0.995);
            List<int[]> groups = equalFrequencyGroups(runs, values.length, k, maxBins, profile.present);
            for (int g = 0; g < groups.size(); g++) {
                int first = groups.get(g)[0];
                int end = groups.get(g)[1];
                if (end - first == 1) {
                    // a single value standing for at least k rows (or the only value of a tiny column)
                    double value = runs.get(first)[0];
                    bins.add(new double[] { value, value });
                    if (pieces != null) {
                        pieces.add(null);
                    }
                    continue;
                }
                // the outer bins reach the clipping bounds, which lie beyond the sample's extremes on a table larger
                // than the sample (and within them otherwise: the bounds are sampled values or quantiles)
                double low = g == 0 ? Math.min(lowest, runs.get(end - 1)[0])
                        : (runs.get(first - 1)[0] + runs.get(first)[0]) / 2;
                double high = g == groups.size() - 1 ? Math.max(highest, low)
                        : (runs.get(end - 1)[0] + runs.get(end)[0]) / 2;
                bins.add(new double[] { low, high });
                if (pieces != null) {
                    pieces.add(pieces(runs, first, end, low, high, k));
                }
            }
            if (clip != null && clip.hasTails() && pattern == null && !bins.isEmpty()) {
                double rowsPerValue = profile.present / (double) values.length;
                double[] lowTail = tail(clip.low(), clip.innerLow(), clip.beyondLow(), k, bins.get(0),
                        countOf(runs, groups.get(0)) * rowsPerValue, 0, limits[0]);
                double[] highTail = tail(clip.high(), clip.innerHigh(), clip.beyondHigh(), k, bins.get(bins.size() - 1),
                        countOf(runs, groups.get(groups.size() - 1)) * rowsPerValue, 1, limits[1]);
                tails = lowTail == null && highTail == null ? null : Arrays.asList(lowTail, highTail);
            }
        }
        return new ColumnModel(profile.name, type, null, bins, type == ColumnType.DECIMAL ? profile.maxDecimals : 0,
                pattern, missingToken, pieces, tails);
    }

    /**
     * The tail beyond one clipping bound. The {@code beyond} rows past the {@code k}-th value are counted in the
     * outermost bin; instead of piling up at the bound, that share of the bin's draws goes past it, exponentially,
     * with the scale the gap between the {@code k}-th and the 2 {@code k}-th value gives (for an exponential tail,
     * that gap is the scale times 1/k + … + 1/(2k − 1)), truncated where such a tail puts the farthest of those rows
     * on average (the scale times 1 + 1/2 + … + 1/beyond). So the synthetic column reaches about as far beyond the
     * bound as the real one, while the tail depends on no value beyond the bound: the rows there enter only by their
     * count. A tail also stops at zero when the bound is on the far side of zero from it (a column whose k smallest
     * values are positive stays at or above it), and at a declared bound. Date columns have none: their range is
     * usually a period, whose synthetic dates should not start before it.
     *
     * @param outerRows the training rows the outermost bin stands for, those beyond the bound among them
     * @param side 0 for the low tail, 1 for the high
     * @param declared the declared bound on this side, or an infinity
     * @return {@code [scale, share, limit]}, or {@code null} when there is no tail: no row beyond the bound, no gap to
     *         scale it by, or an outermost bin that is a point or does not reach the bound
     */
    private static double[] tail(double bound, double inner, long beyond, int k, double[] outerBin, double outerRows,
            int side, double declared) {
        double harmonic = 0;
        for (int j = k; j < 2 * k; j++) {
            harmonic += 1.0 / j;
        }
        double scale = Math.abs(bound - inner) / harmonic;
        if (beyond == 0 || !(scale > 0) || !Double.isFinite(scale) || outerBin[0] == outerBin[1]
                || outerBin[side] != bound || !(outerRows > 0)) {
            return null;
        }
        double share = Math.min(MAX_TAIL_SHARE, beyond / outerRows);
        // where an exponential tail of this scale puts the farthest of the rows beyond the bound, on average
        double reach = 0;
        for (int j = 1; j <= beyond; j++) {
            reach += scale / j;
        }
        double limit = notAcrossZero(bound, side == 0 ? bound - reach : bound + reach);
        limit = side == 0 ? Math.max(limit, declared) : Math.min(limit, declared);
        if (side == 0 ? limit >= bound : limit <= bound) {
            // a declared bound at or inside the clipping bound leaves no room for a tail
            return null;
        }
        return new double[] { scale, share, limit };
    }

    /**
     * Cuts the sorted distinct values into at most {@code maxBins} groups of about equal frequency, each of at least
     * {@code k} sampled values (when the column has that many); a value more frequent than a group is a group of its
     * own.
     *
     * @return {@code [firstRun, endRun)} per group
     */
    private static List<int[]> equalFrequencyGroups(List<double[]> runs, int total, int k, int maxBins, long present) {
        int wanted = (int) Math.max(1, Math.min(Math.min(maxBins, total / k),
                Math.ceil(BINS_PER_ROOT * Math.sqrt(present / (double) k))));
        List<int[]> groups = new ArrayList<>();
        int remaining = total;
        int r = 0;
        while (r < runs.size()) {
            double target = (double) remaining / Math.max(1, wanted - groups.size());
            int start = r;
            double count = 0;
            while (r < runs.size()) {
                double next = runs.get(r)[1];
                if (count >= k && count + next / 2 > target) {
                    break;
                }
                count += next;
                r++;
                if (count >= target && count >= k) {
                    break;
                }
            }
            groups.add(new int[] { start, r });
            remaining -= (int) count;
        }
        if (groups.size() > 1 && countOf(runs, groups.get(groups.size() - 1)) < k) {
            int[] last = groups.remove(groups.size() - 1);
            groups.get(groups.size() - 1)[1] = last[1];
        }
        return groups;
    }

    private static double countOf(List<double[]> runs, int[] group) {
        double count = 0;
        for (int r = group[0]; r < group[1]; r++) {
            count += runs.get(r)[1];
        }
        return count;
    }

    /**
     * The shape of the values inside one bin: at most {@value #MAX_PIECES} pieces of at least {@code k} sampled
     * values each, a value frequent enough to fill a piece alone being a point, the others intervals between the
     * midpoints to the neighbouring values, clipped to the bin.
     *
     * @return {@code [low, high, weight]} per piece, or {@code null} when the bin is one interval
     */
    private static double[][] pieces(List<double[]> runs, int first, int end, double binLow, double binHigh, int k) {
        double total = 0;
        for (int r = first; r < end; r++) {
            total += runs.get(r)[1];
        }
        double target = Math.max(k, Math.ceil(total / MAX_PIECES));
        List<double[]> result = new ArrayList<>();
        int pendingFirst = -1;
        double pending = 0;
        for (int r = first; r < end; r++) {
            double count = runs.get(r)[1];
            if (count >= target) {
                if (pending >= k) {
                    result.add(interval(runs, pendingFirst, r, pending, first, end, binLow, binHigh));
                    pendingFirst = -1;
                    pending = 0;
                }
                result.add(new double[] { runs.get(r)[0], runs.get(r)[0], count });
                continue;
            }
            if (pendingFirst < 0) {
                pendingFirst = r;
            }
            pending += count;
            if (pending >= target) {
                result.add(interval(runs, pendingFirst, r + 1, pending, first, end, binLow, binHigh));
                pendingFirst = -1;
                pending = 0;
            }
        }
        if (pending > 0) {
            if (pending >= k || result.isEmpty()) {
                result.add(interval(runs, pendingFirst, end, pending, first, end, binLow, binHigh));
            } else {
                // too few values for a piece of their own: they join the last interval, which then spans them, or
                // else the last point
                int last = result.size() - 1;
                for (int p = result.size() - 1; p >= 0; p--) {
                    if (result.get(p)[0] < result.get(p)[1]) {
                        last = p;
                        break;
                    }
                }
                double[] piece = result.get(last);
                double[] tail = interval(runs, pendingFirst, end, pending, first, end, binLow, binHigh);
                result.set(last, piece[0] == piece[1] ? new double[] { piece[0], piece[1], piece[2] + pending }
                        : new double[] { Math.min(piece[0], tail[0]), Math.max(piece[1], tail[1]), piece[2] + pending });
            }
        }
        boolean wholeBin = result.size() == 1 && result.get(0)[0] < result.get(0)[1];
        return wholeBin ? null : result.toArray(double[][]::new);
    }

    /** @return the {@code q} quantile of sorted values, interpolated linearly as numpy's default */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static double[] interval(List<double[]> runs, int from, int to, double count, int binFirst, int binEnd,
            double binLow, double binHigh) {
        double low = from == binFirst ? binLow : (runs.get(from - 1)[0] + runs.get(from)[0]) / 2;
        double high = to == binEnd ? binHigh : (runs.get(to - 1)[0] + runs.get(to)[0]) / 2;
        low = Math.min(Math.max(low, binLow), binHigh);
        high = Math.max(Math.min(high, binHigh), low);
        return new double[] { low, high, count };
    }

    private static String missingToken(ColumnProfile profile) {
        String token = profile.empty > 0 ? "" : null;
        long best = profile.empty;
        List<String> tokens = new ArrayList<>(profile.missingTokens.keySet());
        tokens.sort(null);
        for (String candidate : tokens) {
            long count = profile.missingTokens.get(candidate)[0];
            if (count > best) {
                best = count;
                token = candidate;
            }
        }
        return token;
    }

    /**
     * The shape of an identifier or text: {@code 9} for a digit, {@code A} and {@code a} for upper- and lower-case
     * letters, other characters kept; at most 64 characters.
     */
    static String shape(String value) {
        StringBuilder shape = new StringBuilder(Math.min(64, value.length()));
        for (int i = 0; i < value.length() && shape.length() < 64; i++) {
            char c = value.charAt(i);
            if (Character.isDigit(c)) {
                shape.append('9');
            } else if (Character.isUpperCase(c)) {
                shape.append('A');
            } else if (Character.isLetter(c)) {
                shape.append('a');
            } else {
                shape.append(c);
            }
        }
        return shape.toString();
    }

    private static String fill(String shape, SplittableRandom random) {
        StringBuilder value = new StringBuilder(shape.length());
        for (int i = 0; i < shape.length(); i++) {
            char c = shape.charAt(i);
            value.append(switch (c) {
                case '9' -> (char) ('0' + random.nextInt(10));
                case 'A' -> (char) ('A' + random.nextInt(26));
                case 'a' -> (char) ('a' + random.nextInt(26));
                default -> c;
            });
        }
        return value.toString();
    }

    /** Maps values to bins during the counting pass. */
    final class Binner {
        private final Map<String, Integer> labelIndex = new HashMap<>();
        private final Map<Double, Integer> pointIndex = new HashMap<>();
        /** Between consecutive interval bins, the value that separates them. */
        private final double[] cuts;
        private final int[] intervalBins;
        private final DateTimeFormatter formatter;
        private final int rareBin;

        Binner() {
            formatter = datePattern == null ? null : DateFormats.formatter(datePattern);
            if (labels != null) {
                for (int i = 0; i < labels.size(); i++) {
                    labelIndex.put(labels.get(i), i);
                }
                rareBin = labels.indexOf(RARE);
                cuts = null;
                intervalBins = null;
            } else {
                rareBin = -1;
                List<Integer> intervalIndex = new ArrayList<>();
                for (int i = 0; i < bins.size(); i++) {
                    double[] bin = bins.get(i);
                    if (bin[0] == bin[1]) {
                        pointIndex.putIfAbsent(bin[0], i);
                    } else {
                        intervalIndex.add(i);
                    }
                }
                intervalBins = intervalIndex.stream().mapToInt(Integer::intValue).toArray();
                cuts = new double[Math.max(0, intervalBins.length - 1)];
                for (int i = 0; i < cuts.length; i++) {
                    cuts[i] = (bins.get(intervalBins[i])[1] + bins.get(intervalBins[i + 1])[0]) / 2;
                }
            }
        }

        int bin(String value) {
            if (labels != null) {
                if (value.isEmpty() && missingToken != null) {
                    return missingBin();
                }
                Integer index = labelIndex.get(
                        type == ColumnType.IDENTIFIER && !ColumnProfile.MISSING_TOKENS.contains(value) ? shape(value) : value);
                return index != null ? index : rareBin;
            }
            if (value.isEmpty() || ColumnProfile.MISSING_TOKENS.contains(value)) {
                return missingBin();
            }
            Double parsed = number(value, datePattern, formatter);
            if (parsed == null) {
                // only under differential privacy, where a number column may hold a few values that are not
                return missingBin();
            }
            double number = parsed;
            Integer point = pointIndex.get(number);
            if (point != null) {
                return point;
            }
            if (intervalBins.length == 0) {
                return nearestPoint(number);
            }
            int position = Arrays.binarySearch(cuts, number);
            return intervalBins[position >= 0 ? position : -position - 1];
        }

        private int nearestPoint(double number) {
            int best = 0;
            for (int i = 1; i < bins.size(); i++) {
                if (Math.abs(bins.get(i)[0] - number) < Math.abs(bins.get(best)[0] - number)) {
                    best = i;
                }
            }
            return best;
        }
    }

    private static final long[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000 };

    /** Formats with exactly {@code decimals} digits after the point, rounding half up; far faster than BigDecimal. */
    static String decimal(double number, int decimals) {
        long scale = POWERS_OF_TEN[decimals];
        if (Math.abs(number) * scale >= 1e17) {
            return BigDecimal.valueOf(number).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        }
        long scaled = Math.round(number * scale);
        if (decimals == 0) {
            return Long.toString(scaled);
        }
        StringBuilder text = new StringBuilder(24);
        if (scaled < 0) {
            text.append('-');
            scaled = -scaled;
        }
        text.append(scaled / scale).append('.');
        String fraction = Long.toString(scaled % scale);
        for (int i = fraction.length(); i < decimals; i++) {
            text.append('0');
        }
        return text.append(fraction).toString();
    }

    /**
     * @return a tail's {@code limit} past {@code bound}, or zero where it would cross zero from the bound: a column
     *         whose bound is positive stays at or above zero, one whose bound is negative at or below it
     */
    static double notAcrossZero(double bound, double limit) {
        return bound > 0 && limit < 0 || bound < 0 && limit > 0 ? 0 : limit;
    }

    /** @return {@code u}, drawn outside both tails' shares, rescaled to a uniform draw over the bin */
    private static double inside(double u, double lowShare, double highShare) {
        double rest = 1 - lowShare - highShare;
        return rest > 0 ? (u - lowShare) / rest : 0.5;
    }

    /**
     * @param closeness from 0 (farthest) to 1 (at the bound), uniform
     * @return how far past {@code bound} the tail's value lies: exponential of the tail's scale, truncated at its
     *         limit
     */
    private static double tailDistance(double[] tail, double bound, double closeness) {
        double scale = tail[0];
        // the probability an untruncated tail would reach past the limit
        double room = Math.abs(bound - tail[2]);
        double pastLimit = Math.exp(-room / scale);
        return Math.min(room, -scale * Math.log(pastLimit + closeness * (1 - pastLimit)));
    }

    /** Turns bins back into text when sampling. */
    final class Writer {
        private final DateFormats.Printer printer = datePattern == null ? null : new DateFormats.Printer(datePattern);
        /** Per numeric bin, the cumulative weights of its pieces, or {@code null} to draw uniformly over the bin. */
        private final double[][] cumulativePieces;

        Writer() {
            cumulativePieces = pieces == null ? null : new double[pieces.size()][];
            for (int b = 0; cumulativePieces != null && b < cumulativePieces.length; b++) {
                double[][] binPieces = pieces.get(b);
                if (binPieces != null) {
                    double[] cumulative = new double[binPieces.length];
                    double running = 0;
                    for (int p = 0; p < binPieces.length; p++) {
                        running += binPieces[p][2];
                        cumulative[p] = running;
                    }
                    for (int p = 0; p < cumulative.length; p++) {
                        cumulative[p] /= running;
                    }
                    cumulative[cumulative.length - 1] = 1.0;
                    cumulativePieces[b] = cumulative;
                }
            }
        }

        String value(int bin, SplittableRandom random) {
            if (bin == missingBin()) {
                return missingToken;
            }
            if (labels != null) {
                String label = labels.get(bin);
                return type == ColumnType.IDENTIFIER && !label.equals(RARE) && !ColumnProfile.MISSING_TOKENS.contains(label)
                        ? fill(label, random)
                        : label;
            }
            double[] range = bins.get(bin);
            boolean withPieces = cumulativePieces != null && cumulativePieces[bin] != null;
            if (range[0] == range[1] && !withPieces) {
                return written(range[0]);
            }
            // only an interval bin has tails (a model's point bin never does)
            double[] low = bin == 0 && tails != null && range[0] < range[1] ? tails.get(0) : null;
            double[] high = bin == bins.size() - 1 && tails != null && range[0] < range[1] ? tails.get(1) : null;
            double lowShare = low == null ? 0 : low[1];
            double highShare = high == null ? 0 : high[1];
            double number;
            double u = random.nextDouble();
            if (u < lowShare) {
                // the outer bins' tails take their shares of the one uniform draw, the rest is rescaled for the bin
                number = range[0] - tailDistance(low, range[0], u / lowShare);
            } else if (u > 1 - highShare) {
                number = range[1] + tailDistance(high, range[1], (1 - u) / highShare);
            } else if (withPieces) {
                // one uniform draw picks the piece and, rescaled within the piece's share, the value inside it
                double[] cumulative = cumulativePieces[bin];
                u = inside(u, lowShare, highShare);
                int piece = 0;
                while (cumulative[piece] <= u && piece < cumulative.length - 1) {
                    piece++;
                }
                range = pieces.get(bin)[piece];
                double below = piece == 0 ? 0 : cumulative[piece - 1];
                double within = Math.min(1, Math.max(0, (u - below) / (cumulative[piece] - below)));
                number = range[0] + within * (range[1] - range[0]);
            } else {
                number = range[0] + inside(u, lowShare, highShare) * (range[1] - range[0]);
            }
            return written(number);
        }

        private String written(double number) {
            return switch (type) {
                case INTEGER -> Long.toString(Math.round(number));
                case DATETIME -> printer.format(Math.round(number));
                default -> decimal(number, decimals);
            };
        }
    }
}
