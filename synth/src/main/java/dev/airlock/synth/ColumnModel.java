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
 * numeric bins, then the missing-value bin when the column has missing values. Every label and every point bin stands
 * for at least {@code k} training rows; rarer labels are pooled into {@value #RARE}, rarer numbers into intervals, so
 * no rare value is written into the model or drawn from it.
 *
 * @param name the column name
 * @param type how it is modelled
 * @param labels categorical labels, one per bin; {@code null} for numeric columns
 * @param bins numeric bins as {@code [low, high]}, a point when equal; {@code null} for categorical columns
 * @param decimals digits after the point for decimal columns
 * @param datePattern the format of a datetime column
 * @param missingToken the text written for a missing value, {@code null} when the column has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ColumnModel(String name, ColumnType type, List<String> labels, List<double[]> bins, int decimals,
        String datePattern, String missingToken) {

    /** What a pooled rare category is written as. */
    static final String RARE = "_RARE_";
    /** The most labels a column keeps; the rest are pooled like rare ones. */
    static final int MAX_LABELS = 1000;
    /** The most exact values a numeric column keeps as bins of their own. */
    static final int MAX_POINT_BINS = 10;

    @JsonIgnore
    int binCount() {
        return (labels != null ? labels.size() : bins.size()) + (missingToken != null ? 1 : 0);
    }

    @JsonIgnore
    int missingBin() {
        return missingToken == null ? -1 : binCount() - 1;
    }

    /** Builds the column from its first-pass profile. */
    static ColumnModel of(ColumnProfile profile, ColumnType type, int k, int maxBins) {
        if (type.numeric()) {
            return numeric(profile, type, k, maxBins);
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
        return new ColumnModel(profile.name, type, labels, null, 0, null, profile.empty > 0 ? "" : null);
    }

    private static ColumnModel numeric(ColumnProfile profile, ColumnType type, int k, int maxBins) {
        String pattern = type == ColumnType.DATETIME ? profile.datePattern() : null;
        DateTimeFormatter formatter = pattern == null ? null : DateFormats.formatter(pattern);
        double[] values = profile.sampledValues().stream()
                .mapToDouble(v -> pattern == null ? Double.parseDouble(v) : DateFormats.parse(v, pattern, formatter))
                .sorted().toArray();
        String missingToken = missingToken(profile);
        List<double[]> bins = new ArrayList<>();
        if (values.length > 0) {
            double rowsPerSample = (double) profile.present / values.length;
            List<double[]> runs = new ArrayList<>();
            for (int i = 0; i < values.length;) {
                int j = i;
                while (j < values.length && values[j] == values[i]) {
                    j++;
                }
                runs.add(new double[] { values[i], j - i });
                i = j;
            }
            // the most frequent values backed by at least k rows keep their exact value (heaped values such as
            // 0, 100, 120); every other value is drawn inside a quantile interval
            List<double[]> heavy = runs.stream().filter(r -> r[1] * rowsPerSample >= k)
                    .sorted(Comparator.<double[]> comparingDouble(r -> -r[1]).thenComparingDouble(r -> r[0]))
                    .limit(MAX_POINT_BINS).toList();
            java.util.Set<Double> points = new java.util.HashSet<>();
            heavy.forEach(r -> points.add(r[0]));
            List<Double> rest = new ArrayList<>();
            for (double[] run : runs) {
                if (points.contains(run[0])) {
                    bins.add(new double[] { run[0], run[0] });
                } else {
                    for (int m = 0; m < run[1]; m++) {
                        rest.add(run[0]);
                    }
                }
            }
            if (!rest.isEmpty()) {
                bins.addAll(intervals(rest, rowsPerSample, k, Math.max(maxBins / 2, maxBins - bins.size())));
            }
            bins.sort(Comparator.<double[]> comparingDouble(b -> b[0]).thenComparingDouble(b -> b[1]));
        }
        return new ColumnModel(profile.name, type, null, bins, type == ColumnType.DECIMAL ? profile.maxDecimals : 0,
                pattern, missingToken);
    }

    /**
     * Cuts the values into at most {@code budget} quantile intervals of at least {@code k} rows each; the outer edges
     * are clipped to the 0.5 % and 99.5 % quantiles so extreme values are not carried into the model.
     */
    private static List<double[]> intervals(List<Double> sorted, double rowsPerSample, int k, int budget) {
        int n = sorted.size();
        int count = (int) Math.max(1, Math.min(Math.max(1, budget), Math.floor(n * rowsPerSample / k)));
        double[] edges = new double[count + 1];
        for (int i = 0; i <= count; i++) {
            double q = Math.min(0.995, Math.max(0.005, (double) i / count));
            edges[i] = quantile(sorted, q);
        }
        List<double[]> intervals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i > 0 && edges[i + 1] <= intervals.get(intervals.size() - 1)[1]) {
                continue;
            }
            intervals.add(new double[] { edges[i], edges[i + 1] });
        }
        return intervals;
    }

    private static double quantile(List<Double> sorted, double q) {
        double position = q * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.size() - 1, below + 1);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
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
        private final double[] lows;
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
                lows = null;
                intervalBins = null;
            } else {
                rareBin = -1;
                List<Integer> intervalIndex = new ArrayList<>();
                for (int i = 0; i < bins.size(); i++) {
                    double[] bin = bins.get(i);
                    if (bin[0] == bin[1]) {
                        pointIndex.put(bin[0], i);
                    } else {
                        intervalIndex.add(i);
                    }
                }
                lows = intervalIndex.stream().mapToDouble(i -> bins.get(i)[0]).toArray();
                intervalBins = intervalIndex.stream().mapToInt(Integer::intValue).toArray();
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
            double number = datePattern == null ? Double.parseDouble(value)
                    : DateFormats.parse(value, datePattern, formatter);
            Integer point = pointIndex.get(number);
            if (point != null) {
                return point;
            }
            if (intervalBins.length == 0) {
                return nearestPoint(number);
            }
            int position = Arrays.binarySearch(lows, number);
            int interval = position >= 0 ? position : Math.max(0, -position - 2);
            return intervalBins[interval];
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

    /** Turns bins back into text when sampling. */
    final class Writer {
        private final DateTimeFormatter formatter = datePattern == null ? null : DateFormats.formatter(datePattern);

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
            double number = range[0] == range[1] ? range[0] : range[0] + random.nextDouble() * (range[1] - range[0]);
            return switch (type) {
                case INTEGER -> Long.toString(Math.round(number));
                case DATETIME -> DateFormats.format(Math.round(number), datePattern, formatter);
                default -> decimal(number, decimals);
            };
        }
    }
}
