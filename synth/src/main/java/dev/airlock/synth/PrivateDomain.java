package dev.airlock.synth;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The domain of a differentially private model, released with each column's part of the domain budget instead of
 * read off the data: which labels a column keeps and where its numeric bins are cut. Without it the labels and the
 * bin edges would be a channel around epsilon (a label held by one row would show that the row exists).
 * <ul>
 * <li><b>Labels</b>: every value's count gets Laplace noise of scale 1 / ε_column and the value is kept when its noisy
 * count reaches {@link PrivacyBudget#labelThreshold}, set so that a label held by one row is kept with probability
 * δ_column (the stability-based histogram; nobody declares a column's labels, so a pure-ε release is impossible). The
 * others are pooled into {@value ColumnModel#RARE}, which a private column always has. Labels declared in the
 * configuration ({@code "columns": {"Species": {"values": ["Adelie", "Gentoo", "Chinstrap"]}}}) are public: they are
 * kept as they are, no budget and no delta spent, and the column's part goes to the others.
 * <li><b>Numeric bins</b>: one more pass counts every value in a public, data-independent grid: an octave per power of
 * two from 2<sup>{@value #MIN_EXPONENT}</sup> to 2<sup>{@value #MAX_EXPONENT}</sup> on either side of zero (smaller
 * magnitudes are zero, larger ones the outermost octave), each cut into {@value #CELLS_PER_OCTAVE} equal cells. Half of
 * the column's part releases the octaves' counts (and the missing tokens') with Laplace noise; the range spans the
 * octave with the largest noisy count and those far out of the noise (some empty one passes with probability
 * {@value #FALSE_FAR_OCTAVE}), and grows outwards while the next octave holds {@value #EXTEND_SCALES} noise scales
 * (stepping over octaves finer than the column's digits, which cannot hold values). The other half measures the cells
 * inside that range (values outside it clipped to its ends), merged into as many groups as the noisy row count can
 * fill, and the bin edges are the noisy histogram's quantiles (post-processing): the 0.5 % and 99.5 % quantiles
 * outside, equal frequency inside, moved to halfway between the values the column can hold; values are drawn inside a
 * bin as that histogram has them. Each row falls in one octave and one cell, so both releases have sensitivity 1.
 * On large tables (where the rows outside an outer edge stand far out of one group's noise) the noise left over the
 * range's empty ends is emptied before the edges are read ({@link #trim}), and a number column gets tails past its
 * outer edges as far as the histogram's rows stand out of the noise there ({@link #privateTail}); both are
 * post-processing. Columns with declared bounds get neither.
 * <li><b>Declared bounds</b> ({@code "columns": {"Body Mass (g)": {"min": 2000, "max": 7000}}}) are public: the range
 * costs nothing, and the whole part measures {@value #LINEAR_CELLS} equal cells between them (values outside
 * clipped), merged into groups as above. Small tables need them: the fullest octave must stand out of the noise of
 * all {@code 2 · 83 + 1} octaves (some 7.4 noise scales of 2 / ε_column rows, {@link #FALSE_RANGE}), or training
 * refuses the column by name rather than start its range where no value lies.
 * </ul>
 * A numeric column always has a missing-value bin under differential privacy (whether it has missing values is
 * itself a count); its token is the empty value, unless another missing token's noisy count stands out of the noise
 * and above it.
 */
final class PrivateDomain {

    /** The smallest octave; magnitudes below it count as zero. */
    static final int MIN_EXPONENT = -20;
    /** The largest octave; larger magnitudes are clipped into it. */
    static final int MAX_EXPONENT = 62;
    /** Equal cells per octave; 1/1024 of a value's magnitude is the finest an edge can be placed. */
    static final int CELLS_PER_OCTAVE = 1024;
    /** Share of a numeric column's part spent on its range (and its missing tokens); the rest on the quantiles. */
    static final double RANGE_PART = 0.5;
    /**
     * Probability that some empty octave stands far enough out of the noise to join the range across a gap (it then
     * widens the range to that octave; the edges, quantiles of the noisy histogram, move little).
     */
    static final double FALSE_FAR_OCTAVE = 0.01;
    /**
     * Probability that the fullest octave of a column with no values stands out of the noise (its range would then be
     * the noise's). Training refuses a column whose fullest noisy octave does not reach that level, naming the column
     * and the bounds to declare: a range started where no value lies writes values like -2 · 10<sup>18</sup> for a
     * penguin's beak depth.
     */
    static final double FALSE_RANGE = 0.05;
    /** A named target's parts of the domain's epsilon, against one for each other column that releases its domain. */
    static final double TARGET_PARTS = 3;
    /**
     * Probability that some of the missing tokens a column does not have stands out of the noise (it would then write
     * its missing values as that token).
     */
    static final double FALSE_TOKEN = 0.001;
    /**
     * The range grows by an octave while the next one holds this many noise scales: an empty octave passes with
     * probability e^-3 / 2 = 2.5 %, and then widens the range by one octave.
     */
    static final double EXTEND_SCALES = 3;
    /**
     * The quantiles are read from (rows · ε)^{@value #GROUPS_POWER} groups of cells: more groups place edges more
     * finely but add the noise of more groups to each cumulative count; with linear interpolation inside groups this
     * balances the two (about 100 groups for 10,000 rows at ε = 0.1).
     */
    static final double GROUPS_POWER = 2.0 / 3;
    /** Equal cells between declared bounds. */
    static final int LINEAR_CELLS = 4096;
    /** The most groups of cells the quantiles are read from. */
    static final int MAX_GROUPS = 4096;
    /** Share of the rows outside each outer edge: the edges are the 0.5 % and 99.5 % quantiles. */
    static final double OUTER = 0.005;
    /**
     * Trimming and tails read the range's ends only where the rows outside an outer edge are at least this many
     * standard deviations of one group's noise: on smaller tables the ends are mostly noise.
     */
    static final double TAIL_ROWS = 10;
    /** Standard deviations of its noise a stretch of the histogram's groups must hold to count as holding rows. */
    static final double STANDS_OUT = 3;
    /**
     * The most of the weight {@link #trim} empties at each end of the range: the share outside an outer edge, as more
     * could empty real rows of a sparse tail (0.02 measured alike on the generated 1M table).
     */
    static final double TRIM_SHARE = OUTER;

    private static final int OCTAVES = MAX_EXPONENT - MIN_EXPONENT + 1;
    private static final int ZERO = OCTAVES;
    private static final int BUCKETS = 2 * OCTAVES + 1;
    /** The missing tokens of a numeric column: empty first, then the tokens in their sorted order. */
    private static final List<String> MISSING = missingTokens();

    private PrivateDomain() {
    }

    /**
     * @param profiles the first pass's profiles, in table order
     * @param budget the privacy budget, whose domain part is split over the columns ({@link #parts})
     * @param delta the label threshold's delta for the whole table, split equally over the columns that release
     *        their labels
     * @return the columns of the model
     */
    static List<ColumnModel> columns(Path table, List<ColumnProfile> profiles, SynthConfig config,
            PrivacyBudget budget, double delta, SplittableRandom noise) {
        int n = profiles.size();
        // each column's part pays for its type first (see PrivateTypes), then for its labels or its bins
        double[] parts = parts(profiles, config, budget.domainEpsilon());
        List<PrivateTypes.Choice> choices = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            ColumnProfile profile = profiles.get(c);
            choices.add(PrivateTypes.choose(profile, config.values().get(profile.name),
                    config.bounds().get(profile.name), parts[c], budget.rows(), noise));
        }
        Histogram[] histograms = new Histogram[n];
        DateTimeFormatter[] formatters = new DateTimeFormatter[n];
        boolean anyNumeric = false;
        for (int c = 0; c < n; c++) {
            String name = profiles.get(c).name;
            ColumnType type = choices.get(c).type();
            List<String> declared = config.bounds().get(name);
            if (type.numeric()) {
                String pattern = choices.get(c).datePattern();
                formatters[c] = pattern == null ? null : DateFormats.formatter(pattern);
                histograms[c] = declared == null ? new Histogram()
                        : new Histogram(ColumnModel.declaredBounds(declared, name, pattern, formatters[c]));
                anyNumeric = true;
            } else if (declared != null) {
                throw ColumnModel.declaredOnLabels(name, type);
            }
            if (type.numeric() && config.values().containsKey(name)) {
                throw new InvalidInputException("model configuration setting columns." + name
                        + ".values applies to categorical and boolean columns; " + name + " is "
                        + type.configName());
            }
        }
        if (anyNumeric) {
            String[] patterns = choices.stream().map(PrivateTypes.Choice::datePattern).toArray(String[]::new);
            TableReader.read(table, (fields, line) -> {
                for (int c = 0; c < fields.length; c++) {
                    Histogram histogram = histograms[c];
                    if (histogram == null) {
                        continue;
                    }
                    String value = fields[c];
                    Double number = value.isEmpty() || ColumnProfile.MISSING_TOKENS.contains(value) ? null
                            : ColumnModel.number(value, patterns[c], formatters[c]);
                    if (number != null) {
                        histogram.add(number);
                    } else {
                        // a value that is not of the column's type is a missing value, as the model reads it
                        histogram.missing[Math.max(0, MISSING.indexOf(value))]++;
                    }
                }
            }, header -> {
            });
        }
        long thresholded = 0;
        for (int c = 0; c < n; c++) {
            thresholded += histograms[c] == null && !config.values().containsKey(profiles.get(c).name) ? 1 : 0;
        }
        double columnDelta = delta / Math.max(1, thresholded);
        List<ColumnModel> columns = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            ColumnProfile profile = profiles.get(c);
            PrivateTypes.Choice choice = choices.get(c);
            double left = parts[c] - choice.spent();
            List<String> values = config.values().get(profile.name);
            columns.add(histograms[c] != null
                    ? numeric(profile, choice, histograms[c], config.k(), config.maxBins(), left, budget.rows(), noise)
                    : values != null ? declared(profile, choice.type(), values)
                            : labels(profile, choice.type(), config.k(), left, columnDelta, noise));
        }
        return columns;
    }

    /**
     * Each column's part of the domain's epsilon: equal, except that a named target which releases its domain gets
     * {@value #TARGET_PARTS} parts (a public choice), so that its rarer classes pass the label threshold (birdstrikes'
     * damage classes, the one a classifier is scored on among them); the parts still add up to the domain's epsilon.
     *
     * @param perColumn the domain's epsilon over the columns that release their domain
     */
    static double[] parts(List<ColumnProfile> profiles, SynthConfig config, double perColumn) {
        int released = releasedColumns(profiles, config);
        String target = config.target();
        boolean weighted = target != null && released > 1 && !config.values().containsKey(target)
                && profiles.stream().anyMatch(p -> p.name.equals(target));
        double part = weighted ? perColumn * released / (released - 1 + TARGET_PARTS) : perColumn;
        double[] parts = new double[profiles.size()];
        for (int c = 0; c < parts.length; c++) {
            parts[c] = weighted && profiles.get(c).name.equals(target) ? TARGET_PARTS * part : part;
        }
        return parts;
    }

    /**
     * @return how many columns release their domain (and their type): all but those whose labels are declared, which
     *         are categorical
     */
    static int releasedColumns(List<ColumnProfile> profiles, SynthConfig config) {
        return (int) profiles.stream().filter(p -> !config.values().containsKey(p.name)).count();
    }

    /** The declared labels (the empty one stands for missing values), then the rare bin; no budget spent. */
    static ColumnModel declared(ColumnProfile profile, ColumnType type, List<String> values) {
        if (type == ColumnType.IDENTIFIER) {
            throw new InvalidInputException("model configuration setting columns." + profile.name
                    + ".values applies to categorical and boolean columns; " + profile.name + " is an identifier");
        }
        List<String> labels = new ArrayList<>(values.stream().filter(v -> !v.isEmpty())
                .limit(ColumnModel.MAX_LABELS).toList());
        labels.add(ColumnModel.RARE);
        return new ColumnModel(profile.name, type, labels, null, 0, null, values.contains("") ? "" : null, null);
    }

    /** The labels whose noisy counts pass the threshold, most frequent (by noisy count) first, then the rare bin. */
    static ColumnModel labels(ColumnProfile profile, ColumnType type, int k, double epsilon, double delta,
            SplittableRandom noise) {
        // sorted, so that a seeded test draws the same noise for the same label
        Map<String, long[]> counts = new TreeMap<>();
        if (type == ColumnType.IDENTIFIER) {
            profile.categories.forEach((value, count) -> counts.computeIfAbsent(ColumnModel.shape(value),
                    v -> new long[1])[0] += count[0]);
        } else {
            profile.categories.forEach((value, count) -> counts.put(value, count.clone()));
        }
        profile.missingTokens.forEach((token, count) -> counts.put(token, count.clone()));
        if (profile.empty > 0) {
            counts.put("", new long[] { profile.empty });
        }
        double threshold = PrivacyBudget.labelThreshold(epsilon, delta, k);
        Map<String, Double> kept = new HashMap<>();
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            double noisy = entry.getValue()[0] + PrivacyBudget.laplace(1 / epsilon, noise);
            if (noisy >= threshold) {
                kept.put(entry.getKey(), noisy);
            }
        }
        String missingToken = kept.remove("") != null ? "" : null;
        List<String> labels = new ArrayList<>(kept.keySet());
        labels.sort(Comparator.<String> comparingDouble(label -> -kept.get(label)).thenComparing(label -> label));
        if (labels.size() > ColumnModel.MAX_LABELS) {
            labels = new ArrayList<>(labels.subList(0, ColumnModel.MAX_LABELS));
        }
        // two boolean words are a boolean column (post-processing of the released labels)
        ColumnType released = type == ColumnType.CATEGORICAL && profile.configured == null
                && PrivateTypes.booleanLabels(labels) ? ColumnType.BOOLEAN : type;
        labels.add(ColumnModel.RARE);
        return new ColumnModel(profile.name, released, labels, null, 0, null, missingToken, null);
    }

    /**
     * Bins cut at the quantiles of a noisy histogram inside a noisy range, or inside the declared bounds; see the
     * class comment.
     *
     * @param rows the noisy row count, which sets the number of groups when the bounds are declared
     */
    static ColumnModel numeric(ColumnProfile profile, PrivateTypes.Choice choice, Histogram histogram, int k,
            int maxBins, double epsilon, long rows, SplittableRandom noise) {
        ColumnType type = choice.type();
        List<double[]> merged;
        double quantileEpsilon;
        int token;
        if (histogram.linear != null) {
            // declared bounds: one release of the cells and the missing tokens (each row is in one of them)
            quantileEpsilon = epsilon;
            token = missingToken(histogram, 1 / epsilon, 1 + MISSING.size(), noise).index();
            merged = new ArrayList<>();
            int groupSize = Math.max(1, (int) Math.ceil((double) LINEAR_CELLS / groups(rows, quantileEpsilon)));
            double width = (histogram.max - histogram.min) / LINEAR_CELLS;
            for (int i = 0; i < LINEAR_CELLS; i += groupSize) {
                int end = Math.min(LINEAR_CELLS, i + groupSize);
                long count = 0;
                for (int j = i; j < end; j++) {
                    count += histogram.linear[j];
                }
                merged.add(new double[] { histogram.min + i * width,
                        end == LINEAR_CELLS ? histogram.max : histogram.min + end * width, count });
            }
        } else {
            quantileEpsilon = epsilon * (1 - RANGE_PART);
            double rangeScale = 1 / (epsilon * RANGE_PART);
            double[] octaves = new double[BUCKETS];
            int finest = finestExponent(type, choice.decimals());
            int fullest = ZERO;
            for (int b = 0; b < BUCKETS; b++) {
                octaves[b] = histogram.buckets[b] + PrivacyBudget.laplace(rangeScale, noise);
                fullest = octaves[b] > octaves[fullest] && holdsValues(b, finest) ? b : fullest;
            }
            Token missing = missingToken(histogram, rangeScale, BUCKETS, noise);
            token = missing.index();
            // the range spans the fullest octave and every octave that stands far out of the noise (so values a
            // gap of empty octaves away, such as the costs above a column's zeros, are kept), then grows while the
            // next octave out holds more than a few noise scales; octaves finer than the column's digits cannot hold
            // values and are stepped over
            double extend = EXTEND_SCALES * rangeScale;
            double far = rangeScale * Math.log(BUCKETS / (2 * FALSE_FAR_OCTAVE));
            double stands = rangeScale * Math.log(BUCKETS / (2 * FALSE_RANGE));
            if (octaves[fullest] < stands && missing.noisyCount() >= stands) {
                // the column's values are too few to place, its missing values are not: a column of missing values
                // (its few values, if any, are counted as missing)
                return new ColumnModel(profile.name, type, null, List.of(), choice.decimals(), choice.datePattern(),
                        MISSING.get(token), null);
            }
            if (octaves[fullest] < stands) {
                // noise alone would reach this often: a range started here could be a place where no value lies
                boolean drawn = profile.configured == null;
                String declare = (drawn ? "columns.%1$s.type if it is not %2$s, else " : "") + "columns.%1$s.min and max";
                throw new UnreleasableColumnException(String.format(Locale.ROOT, "differential privacy: %2$s column %1$s%3$s "
                        + "has too few values for its range to be released at the epsilon its range gets (%4$.3g): its fullest octave "
                        + "holds about %5$.0f rows by the noisy count, %6$.0f are needed to tell it from the noise. "
                        + "Declare " + declare + " in the model configuration, or raise privacy.epsilon", profile.name,
                        type.configName(), drawn ? " (its type drawn privately)" : "", epsilon * RANGE_PART,
                        Math.max(0, octaves[fullest]), stands));
            }
            int lowest = fullest;
            int highest = fullest;
            for (int b = 0; b < BUCKETS; b++) {
                if (octaves[b] >= far && holdsValues(b, finest)) {
                    lowest = Math.min(lowest, b);
                    highest = Math.max(highest, b);
                }
            }
            for (int next = step(lowest, -1, finest); next >= 0 && octaves[next] >= extend; next = step(next, -1, finest)) {
                lowest = next;
            }
            for (int next = step(highest, 1, finest); next < BUCKETS && octaves[next] >= extend; next = step(next, 1, finest)) {
                highest = next;
            }
            merged = octaveGroups(histogram, lowest, highest, octaves, quantileEpsilon, finest);
        }

        // the noisy histogram, clipped at zero and projected back onto its noisy total (as the model's tables are)
        double quantileScale = 1 / quantileEpsilon;
        long[] noisy = new long[merged.size()];
        double[] raw = new double[merged.size()];
        double total = 0;
        for (int g = 0; g < noisy.length; g++) {
            raw[g] = merged.get(g)[2] + PrivacyBudget.laplace(quantileScale, noise);
            total += raw[g];
            noisy[g] = Math.max(0, Math.round(raw[g]));
        }
        double shift = BayesNetModel.noiseShift(new long[][] { noisy }, Math.max(1, Math.round(total)));
        double[] weights = new double[noisy.length];
        double present = 0;
        for (int g = 0; g < noisy.length; g++) {
            weights[g] = Math.max(0, noisy[g] - shift);
            present += weights[g];
        }
        // only where the rows past the outer edges stand far out of one group's noise does reading the range's ends
        // find more than noise there
        boolean withTails = histogram.linear == null
                && OUTER * present >= TAIL_ROWS * Math.sqrt(2) * quantileScale;
        if (withTails) {
            present -= trim(merged, raw, weights, quantileScale, present, 1)
                    + trim(merged, raw, weights, quantileScale, present, -1);
        }
        List<double[]> bins = new ArrayList<>();
        double unit = type == ColumnType.DECIMAL ? Math.pow(10, -choice.decimals()) : 1;
        double rangeLow = merged.get(0)[0];
        double rangeHigh = merged.get(merged.size() - 1)[1];
        if (present <= 0) {
            bins.add(new double[] { rangeLow, rangeHigh });
        } else {
            int wanted = (int) Math.max(1, Math.min(Math.min(maxBins, present / k),
                    Math.ceil(ColumnModel.BINS_PER_ROOT * Math.sqrt(present / k))));
            double[] edges = new double[wanted + 1];
            edges[0] = quantile(merged, weights, present, OUTER);
            for (int j = 1; j < wanted; j++) {
                edges[j] = quantile(merged, weights, present, (double) j / wanted);
            }
            edges[wanted] = quantile(merged, weights, present, 1 - OUTER);
            // the edges move to halfway between the values the column can hold (whole numbers, days, seconds, or
            // multiples of its last digit), so each value lies inside one bin, and a value that fills bins alone (zero
            // in a cost column) gets one of its own; the lowest edge goes below the value it is in
            double previous = (valueAt(edges[0], unit) - 0.5) * unit;
            for (int j = 1; j <= wanted; j++) {
                double edge = Math.max(previous, (valueAt(edges[j], unit) + 0.5) * unit);
                if (edge > previous) {
                    bins.add(new double[] { previous, edge });
                    previous = edge;
                }
            }
        }
        List<double[]> tails = null;
        // dates keep their outer edges, as without epsilon: a period's synthetic dates should not start before it
        if (withTails && choice.datePattern() == null && present > 0 && !bins.isEmpty()
                && bins.get(0)[0] < bins.get(bins.size() - 1)[1]) {
            double[] low = privateTail(merged, raw, weights, quantileScale, bins.get(0), 0, unit);
            double[] high = privateTail(merged, raw, weights, quantileScale, bins.get(bins.size() - 1), 1, unit);
            tails = low == null && high == null ? null : Arrays.asList(low, high);
        }
        return new ColumnModel(profile.name, type, null, bins, choice.decimals(), choice.datePattern(),
                MISSING.get(token), present <= 0 ? null : pieces(bins, merged, weights), tails);
    }

    /**
     * Whether the noisy rows between {@code low} and {@code high} stand out of their noise: their sum, a group cut
     * by the interval in proportion to its width inside, against {@value #STANDS_OUT} standard deviations of that
     * sum's noise (an empty stretch passes with probability under 1 %).
     */
    private static boolean standsOut(List<double[]> groups, double[] raw, double scale, double low, double high) {
        double sum = 0;
        double variance = 0;
        for (int g = 0; g < groups.size(); g++) {
            double share = inside(groups.get(g), low, high);
            sum += share * raw[g];
            variance += share * share * 2 * scale * scale;
        }
        return variance > 0 && sum > STANDS_OUT * Math.sqrt(variance);
    }

    /**
     * Empties the groups at one end of the range, in blocks of 1, 2, 4, … groups from the end inwards, up to the
     * first block whose noisy rows stand out of their noise, and never more than {@value #TRIM_SHARE} of the weight:
     * what clipping at zero left of the noise over the range's empty ends (post-processing). That remainder had put
     * the outer edges far past the values (a date column of 1997–2026 written up to 2037).
     *
     * @param direction 1 from the low end, −1 from the high end
     * @return the weight emptied
     */
    private static double trim(List<double[]> groups, double[] raw, double[] weights, double scale, double present,
            int direction) {
        int n = groups.size();
        double removed = 0;
        for (int size = 1, at = direction > 0 ? 0 : n - 1; at >= 0 && at < n; size *= 2) {
            int from = direction > 0 ? at : Math.max(0, at - size + 1);
            int to = direction > 0 ? Math.min(n, at + size) : at + 1;
            double block = 0;
            for (int g = from; g < to; g++) {
                block += weights[g];
            }
            if (standsOut(groups, raw, scale, groups.get(from)[0], Math.nextUp(groups.get(to - 1)[1]))
                    || removed + block > TRIM_SHARE * present) {
                break;
            }
            Arrays.fill(weights, from, to, 0);
            removed += block;
            at = direction > 0 ? to : from - 1;
        }
        return removed;
    }

    /**
     * The tail past an outer bin's edge (post-processing of the released histogram, no budget): the stretches past
     * the edge, the first as wide as a unit, the group at the edge or a quarter of the outer bin, each next one twice
     * as wide as the one before, reach as far as they stand out of the noise one after another. The rows the
     * histogram has past the edge go past it exponentially, with the scale that puts the farthest of them at that
     * reach on average, truncated there, and never across zero from the edge.
     *
     * @param unit the least step between the column's values
     * @param side 0 for the low tail, 1 for the high
     * @return {@code [scale, share, limit]}, or {@code null}: the first stretch does not stand out, no weight lies past
     *         the edge, or the range ends at it
     */
    private static double[] privateTail(List<double[]> groups, double[] raw, double[] weights, double scale,
            double[] outerBin, int side, double unit) {
        double bound = outerBin[side];
        double room = side == 1 ? groups.get(groups.size() - 1)[1] - bound : bound - groups.get(0)[0];
        // the first stretch: a unit, the group at the edge, or a quarter of the outer bin, whichever is widest
        double step = Math.max(unit, (outerBin[1] - outerBin[0]) / 4);
        for (double[] group : groups) {
            if (group[0] <= bound && bound <= group[1]) {
                step = Math.max(step, group[1] - group[0]);
            }
        }
        double reach = 0;
        for (double near = 0, size = step; near < room; near += size, size *= 2) {
            double far = Math.min(near + size, room);
            if (side == 1 ? !standsOut(groups, raw, scale, bound + near, bound + far)
                    : !standsOut(groups, raw, scale, bound - far, bound - near)) {
                break;
            }
            reach = far;
        }
        double limit = ColumnModel.notAcrossZero(bound, side == 1 ? bound + reach : bound - reach);
        double beyond = side == 0 ? weightWithin(groups, weights, Double.NEGATIVE_INFINITY, bound)
                : weightWithin(groups, weights, bound, Double.POSITIVE_INFINITY);
        double inside = weightWithin(groups, weights, outerBin[0], outerBin[1]);
        if (!(beyond >= 1) || limit == bound) {
            return null;
        }
        // the farthest of m exponential draws lies, on average, the scale times 1 + 1/2 + … + 1/m out
        double harmonic = Math.log(beyond) + 0.5772156649 + 1 / (2 * beyond);
        double share = Math.min(ColumnModel.MAX_TAIL_SHARE, beyond / (beyond + inside));
        return new double[] { Math.abs(limit - bound) / harmonic, share, limit };
    }

    /** @return the weight of the groups between {@code low} and {@code high}, a group cut in proportion */
    private static double weightWithin(List<double[]> groups, double[] weights, double low, double high) {
        double sum = 0;
        for (int g = 0; g < groups.size(); g++) {
            sum += inside(groups.get(g), low, high) * weights[g];
        }
        return sum;
    }

    /**
     * @return the share of {@code group} between {@code low} and {@code high}: of its width, or 1 or 0 for a point
     *         group, which counts when {@code low ≤ point < high}
     */
    private static double inside(double[] group, double low, double high) {
        if (group[0] == group[1]) {
            return group[0] >= low && group[0] < high ? 1 : 0;
        }
        return Math.max(0, Math.min(high, group[1]) - Math.max(low, group[0])) / (group[1] - group[0]);
    }

    /**
     * @return the value, in units, whose cell of the grid holds {@code edge}: a positive value is at the bottom of its
     *         cell, a negative one at the top ({@link #locate}), so an edge just above a positive value or just below
     *         a negative one belongs to it
     */
    static double valueAt(double edge, double unit) {
        double units = edge / unit;
        double nearest = Math.rint(units);
        if (Math.abs(units - nearest) <= 1e-9 * Math.max(1, Math.abs(units))) {
            return nearest;
        }
        return units < 0 ? Math.ceil(units) : Math.floor(units);
    }

    /**
     * The shape of the values inside each bin, read from the noisy histogram the edges came from (post-processing,
     * no budget): its groups' weights inside the bin, a group cut by an edge in proportion to its width inside, merged
     * into at most {@value ColumnModel#MAX_PIECES} pieces of about equal weight.
     *
     * @return per bin {@code [low, high, weight]} per piece ({@code null} for a point bin or one without weight), or
     *         {@code null} when no bin has pieces
     */
    static List<double[][]> pieces(List<double[]> bins, List<double[]> groups, double[] weights) {
        List<double[][]> result = new ArrayList<>();
        boolean any = false;
        for (double[] bin : bins) {
            List<double[]> parts = new ArrayList<>();
            for (int g = 0; g < groups.size() && bin[0] < bin[1]; g++) {
                double[] group = groups.get(g);
                if (weights[g] <= 0) {
                    continue;
                }
                if (group[0] == group[1]) {
                    if (group[0] >= bin[0] && group[0] <= bin[1]) {
                        parts.add(new double[] { group[0], group[0], weights[g] });
                    }
                    continue;
                }
                double low = Math.max(bin[0], group[0]);
                double high = Math.min(bin[1], group[1]);
                if (high > low) {
                    parts.add(new double[] { low, high, weights[g] * (high - low) / (group[1] - group[0]) });
                }
            }
            // one piece over the whole bin is the uniform draw
            boolean uniform = parts.isEmpty()
                    || parts.size() == 1 && parts.get(0)[0] == bin[0] && parts.get(0)[1] == bin[1];
            double[][] binPieces = uniform ? null : merge(parts);
            any |= binPieces != null;
            result.add(binPieces);
        }
        return any ? result : null;
    }

    /** @return the parts merged, in order, into at most {@value ColumnModel#MAX_PIECES} of about equal weight */
    private static double[][] merge(List<double[]> parts) {
        if (parts.size() <= ColumnModel.MAX_PIECES) {
            return parts.toArray(double[][]::new);
        }
        double total = parts.stream().mapToDouble(part -> part[2]).sum();
        double target = total / ColumnModel.MAX_PIECES;
        List<double[]> merged = new ArrayList<>();
        double[] open = null;
        for (double[] part : parts) {
            if (part[0] == part[1]) {
                // a point (zero) stays a point: the interval before it closes
                if (open != null) {
                    merged.add(open);
                    open = null;
                }
                merged.add(part.clone());
                continue;
            }
            if (open == null) {
                open = part.clone();
            } else {
                open[1] = part[1];
                open[2] += part[2];
            }
            if (open[2] >= target) {
                merged.add(open);
                open = null;
            }
        }
        if (open != null) {
            merged.add(open);
        }
        return merged.toArray(double[][]::new);
    }

    /**
     * The cells of the octaves from {@code lowest} to {@code highest}, the values outside clipped to its ends, merged
     * into groups the noisy rows can fill; zero is a group of its own.
     *
     * @return {@code [low, high, count]} per group
     */
    private static List<double[]> octaveGroups(Histogram histogram, int lowest, int highest, double[] octaves,
            double quantileEpsilon, int finest) {
        double rows = 0;
        long cellsInRange = 0;
        for (int b = lowest; b <= highest; b++) {
            rows += octaves[b];
            cellsInRange += b == ZERO || !holdsValues(b, finest) ? 0 : CELLS_PER_OCTAVE;
        }
        long groups = groups(Math.round(rows), quantileEpsilon);
        int groupSize = (int) Math.max(1, (cellsInRange + groups - 1) / groups);
        List<double[]> merged = new ArrayList<>();
        double[] open = null;
        int inOpen = 0;
        // the rows of octaves finer than the column's digits (a few values the released digits do not cover) join
        // the next cell, so the groups are spent where values can be
        long carried = 0;
        for (int b = lowest; b <= highest; b++) {
            long[] cells = histogram.cells.get(b);
            long below = 0;
            long above = 0;
            if (b == lowest) {
                for (int o = 0; o < lowest; o++) {
                    below += histogram.buckets[o];
                }
            }
            if (b == highest) {
                for (int o = highest + 1; o < BUCKETS; o++) {
                    above += histogram.buckets[o];
                }
            }
            if (b != ZERO && !holdsValues(b, finest)) {
                carried += histogram.buckets[b] + below + above;
                continue;
            }
            if (b == ZERO) {
                merged.add(new double[] { 0, 0, (cells == null ? 0 : cells[0]) + below + above + carried });
                carried = 0;
                open = null;
                continue;
            }
            for (int i = 0; i < CELLS_PER_OCTAVE; i++) {
                long count = (cells == null ? 0 : cells[i]) + (i == 0 ? below + carried : 0)
                        + (i == CELLS_PER_OCTAVE - 1 ? above : 0);
                carried = 0;
                double[] edges = cellEdges(b, i);
                if (open == null || inOpen >= groupSize) {
                    open = new double[] { edges[0], edges[1], 0 };
                    merged.add(open);
                    inOpen = 0;
                }
                open[1] = edges[1];
                open[2] += count;
                inOpen++;
            }
        }
        merged.get(merged.size() - 1)[2] += carried;
        return merged;
    }

    /** @return whether an octave can hold the column's values (it is zero or not finer than the column's digits) */
    private static boolean holdsValues(int bucket, int finest) {
        if (bucket == ZERO) {
            return true;
        }
        int exponent = bucket > ZERO ? bucket - ZERO - 1 + MIN_EXPONENT : MAX_EXPONENT - bucket;
        return exponent >= finest;
    }

    /** @return the exponent of the smallest magnitude other than zero the column's values can have */
    private static int finestExponent(ColumnType type, int decimals) {
        if (type != ColumnType.DECIMAL) {
            return 0;
        }
        return Math.max(MIN_EXPONENT, Math.getExponent(Math.pow(10, -decimals)));
    }

    /**
     * @param direction -1 towards the negative end, 1 towards the positive end
     * @return the next octave in that direction that can hold a value (possibly outside the grid: -1 or
     *         {@link #BUCKETS})
     */
    private static int step(int bucket, int direction, int finest) {
        int next = bucket + direction;
        if (next > ZERO && next - ZERO - 1 + MIN_EXPONENT < finest) {
            // a positive octave finer than the column's digits
            return direction > 0 ? ZERO + 1 + finest - MIN_EXPONENT : ZERO;
        }
        if (next < ZERO && MAX_EXPONENT - next < finest) {
            return direction > 0 ? ZERO : MAX_EXPONENT - finest;
        }
        return next;
    }

    /** @return how many groups of cells the quantiles are read from; see {@link #GROUPS_POWER} */
    private static long groups(long rows, double epsilon) {
        return Math.max(1, Math.min(MAX_GROUPS, Math.round(Math.pow(Math.max(0, rows) * epsilon, GROUPS_POWER))));
    }

    /** @return the count that some of {@code candidates} empty cells pass with probability {@value #FALSE_TOKEN} */
    private static double threshold(double scale, int candidates) {
        return scale * Math.log(candidates / (2 * FALSE_TOKEN));
    }

    /**
     * The missing token: the empty value, unless another token's noisy count stands out of the noise and above it.
     *
     * @param index the token's index in {@link #MISSING}
     * @param noisyCount its released noisy count
     */
    private record Token(int index, double noisyCount) {
    }

    private static Token missingToken(Histogram histogram, double scale, int candidates, SplittableRandom noise) {
        int token = 0;
        double tokenCount = histogram.missing[0] + PrivacyBudget.laplace(scale, noise);
        for (int t = 1; t < MISSING.size(); t++) {
            double noisy = histogram.missing[t] + PrivacyBudget.laplace(scale, noise);
            if (noisy >= threshold(scale, candidates) && noisy > tokenCount) {
                tokenCount = noisy;
                token = t;
            }
        }
        return new Token(token, tokenCount);
    }

    /** The value below which a share {@code q} of the histogram's weight lies, linear inside a group. */
    private static double quantile(List<double[]> groups, double[] weights, double total, double q) {
        double target = q * total;
        double cumulative = 0;
        for (int g = 0; g < weights.length; g++) {
            if (weights[g] > 0 && cumulative + weights[g] >= target) {
                double[] group = groups.get(g);
                double within = Math.min(1, Math.max(0, (target - cumulative) / weights[g]));
                return group[0] + within * (group[1] - group[0]);
            }
            cumulative += weights[g];
        }
        for (int g = weights.length - 1; g >= 0; g--) {
            if (weights[g] > 0) {
                return groups.get(g)[1];
            }
        }
        return groups.get(groups.size() - 1)[1];
    }

    /** @return {@code [low, high]} of cell {@code cell} of octave {@code bucket} (not the zero bucket) */
    static double[] cellEdges(int bucket, int cell) {
        if (bucket > ZERO) {
            double base = Math.scalb(1.0, bucket - ZERO - 1 + MIN_EXPONENT);
            return new double[] { base * (1 + (double) cell / CELLS_PER_OCTAVE),
                    base * (1 + (double) (cell + 1) / CELLS_PER_OCTAVE) };
        }
        double base = Math.scalb(1.0, MAX_EXPONENT - bucket);
        return new double[] { -base * (1 + (double) (CELLS_PER_OCTAVE - cell) / CELLS_PER_OCTAVE),
                -base * (1 + (double) (CELLS_PER_OCTAVE - 1 - cell) / CELLS_PER_OCTAVE) };
    }

    /** @return {@code [octave, cell]} of a value in the public grid, clipping the largest magnitudes */
    static int[] locate(double value) {
        double magnitude = Math.abs(value);
        int exponent = Math.getExponent(magnitude);
        if (exponent < MIN_EXPONENT || value == 0) {
            return new int[] { ZERO, 0 };
        }
        double fraction = exponent > MAX_EXPONENT ? 1 : magnitude / Math.scalb(1.0, exponent) - 1;
        exponent = Math.min(exponent, MAX_EXPONENT);
        int cell = (int) Math.min(CELLS_PER_OCTAVE - 1, Math.max(0, Math.floor(fraction * CELLS_PER_OCTAVE)));
        return value > 0 ? new int[] { ZERO + 1 + exponent - MIN_EXPONENT, cell }
                : new int[] { MAX_EXPONENT - exponent, CELLS_PER_OCTAVE - 1 - cell };
    }

    private static List<String> missingTokens() {
        List<String> tokens = new ArrayList<>(new java.util.TreeSet<>(ColumnProfile.MISSING_TOKENS));
        tokens.add(0, "");
        return List.copyOf(tokens);
    }

    /**
     * Exact counts of one numeric column: in the public grid, where only the octaves the column holds get cells, or,
     * when the column's bounds are declared, in {@value #LINEAR_CELLS} equal cells between them.
     */
    static final class Histogram {
        final long[] buckets = new long[BUCKETS];
        final Map<Integer, long[]> cells = new HashMap<>();
        final long[] missing = new long[MISSING.size()];
        final double min;
        final double max;
        final long[] linear;

        Histogram() {
            min = 0;
            max = 0;
            linear = null;
        }

        /** @param bounds declared {@code [min, max]}, min below max ({@link ColumnModel#declaredBounds}) */
        Histogram(double[] bounds) {
            this.min = bounds[0];
            this.max = bounds[1];
            linear = new long[LINEAR_CELLS];
        }

        void add(double value) {
            if (linear != null) {
                // values outside the declared bounds are clipped to them
                double position = (value - min) / (max - min) * LINEAR_CELLS;
                linear[(int) Math.min(LINEAR_CELLS - 1, Math.max(0, Math.floor(position)))]++;
                return;
            }
            int[] place = locate(value);
            buckets[place[0]]++;
            cells.computeIfAbsent(place[0], b -> new long[b == ZERO ? 1 : CELLS_PER_OCTAVE])[place[1]]++;
        }
    }
}
