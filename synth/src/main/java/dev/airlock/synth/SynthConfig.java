package dev.airlock.synth;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A model configuration: which synthesizer, column type overrides and privacy settings.
 *
 * @param synthesizer {@code default} (a Chow-Liu tree Bayesian network) or {@code marginals} (independent columns)
 * @param columns type overrides by column name, possibly empty
 * @param k the smallest number of training rows a category or bin must stand for; smaller ones are pooled
 * @param maxBins the most bins a numeric column is cut into
 * @param epsilon the differential-privacy budget, or {@code null} for no differential privacy
 * @param delta the differential-privacy failure probability the label threshold is set for (labels are released
 *        through a noisy threshold, which needs one), or {@code null} for {@link PrivacyBudget#DEFAULT_DELTA}
 * @param bounds declared {@code [min, max]} of numeric and date columns by column name, as written in the
 *        configuration (dates in the column's own format): public knowledge that spares a differentially private
 *        model the noisy range; without differential privacy, where a number column's tails stop
 * @param values declared labels of categorical and boolean columns by column name ({@code ""} for the missing value):
 *        public knowledge that a differentially private model keeps without spending budget or delta on them (other
 *        values are pooled as rare); not used without differential privacy
 * @param target the column the synthetic data will be used to predict, or {@code null}: the network is rooted at it
 *        and every other column is drawn given it where the rows can support that (see {@link Synthesizer}); not
 *        used with differential privacy or the {@code marginals} synthesizer
 */
public record SynthConfig(String synthesizer, Map<String, ColumnType> columns, int k, int maxBins, Double epsilon,
        Double delta, Map<String, List<String>> bounds, Map<String, List<String>> values, String target) {

    /** The default synthesizer: a tree-shaped Bayesian network over discretised columns. */
    public static final String DEFAULT = "default";
    /** The baseline: every column drawn independently from its own distribution. */
    public static final String MARGINALS = "marginals";

    private static final List<String> SYNTHESIZERS = List.of(DEFAULT, MARGINALS);
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("synthesizer", "columns", "privacy", "maxBins", "rows",
            "target");
    private static final Set<String> PRIVACY_KEYS = Set.of("k", "epsilon", "delta");

    /** A configuration without delta (the default one under differential privacy) and without declared domains. */
    public SynthConfig(String synthesizer, Map<String, ColumnType> columns, int k, int maxBins, Double epsilon) {
        this(synthesizer, columns, k, maxBins, epsilon, null, Map.of(), Map.of(), null);
    }

    /** Validates and copies. */
    public SynthConfig {
        if (!SYNTHESIZERS.contains(synthesizer)) {
            throw new InvalidInputException(
                    "synthesizer " + synthesizer + " is unknown; known synthesizers are " + SYNTHESIZERS);
        }
        if (k < 1) {
            throw new InvalidInputException("privacy.k must be at least 1");
        }
        if (maxBins < 2 || maxBins > 256) {
            throw new InvalidInputException("maxBins must be between 2 and 256");
        }
        if (epsilon != null && !(epsilon > 0 && epsilon <= 100)) {
            throw new InvalidInputException("privacy.epsilon must be above 0 and at most 100");
        }
        if (delta != null && epsilon == null) {
            throw new InvalidInputException("privacy.delta is only used with privacy.epsilon");
        }
        if (delta != null && !(delta > 0 && delta <= 1e-3)) {
            throw new InvalidInputException("privacy.delta must be above 0 and at most 0.001");
        }
        if (target != null && target.isBlank()) {
            throw new InvalidInputException("model configuration setting target must name a column");
        }
        columns = Map.copyOf(columns);
        bounds = Map.copyOf(bounds);
        values = Map.copyOf(values);
    }

    /** @return the default configuration: default synthesizer, k = 10, 20 bins */
    public static SynthConfig defaults() {
        return new SynthConfig(DEFAULT, Map.of(), 10, 20, null);
    }

    /**
     * Reads a configuration as parsed from JSON or YAML.
     *
     * @param map the configuration, keys {@code synthesizer}, {@code columns} ({@code name: {type: …}}),
     *        {@code privacy} ({@code k}, {@code epsilon}, {@code delta}), {@code maxBins}, {@code target}; {@code rows}
     *        is accepted and left to the caller
     * @return the configuration
     * @throws InvalidInputException naming the first setting that is wrong
     */
    public static SynthConfig fromMap(Map<String, Object> map) {
        SynthConfig defaults = defaults();
        rejectUnknown(map.keySet(), TOP_LEVEL_KEYS, "");
        String synthesizer = map.containsKey("synthesizer") ? string(map.get("synthesizer"), "synthesizer")
                : defaults.synthesizer();
        int k = defaults.k();
        Double epsilon = null;
        Double delta = null;
        Object privacy = map.get("privacy");
        if (privacy != null) {
            Map<String, Object> privacyMap = object(privacy, "privacy");
            rejectUnknown(privacyMap.keySet(), PRIVACY_KEYS, "privacy.");
            if (privacyMap.get("delta") != null) {
                if (!(privacyMap.get("delta") instanceof Number number)) {
                    throw new InvalidInputException("model configuration setting privacy.delta must be a number");
                }
                delta = number.doubleValue();
            }
            if (privacyMap.get("epsilon") != null) {
                if (!(privacyMap.get("epsilon") instanceof Number number)) {
                    throw new InvalidInputException("model configuration setting privacy.epsilon must be a number");
                }
                epsilon = number.doubleValue();
            }
            if (privacyMap.containsKey("k")) {
                k = integer(privacyMap.get("k"), "privacy.k");
            }
        }
        int maxBins = map.containsKey("maxBins") ? integer(map.get("maxBins"), "maxBins") : defaults.maxBins();
        Map<String, ColumnType> columns = new TreeMap<>();
        Map<String, List<String>> bounds = new TreeMap<>();
        Map<String, List<String>> values = new TreeMap<>();
        Object columnsValue = map.get("columns");
        if (columnsValue != null) {
            for (Map.Entry<String, Object> column : object(columnsValue, "columns").entrySet()) {
                Map<String, Object> settings = object(column.getValue(), "columns." + column.getKey());
                rejectUnknown(settings.keySet(), Set.of("type", "min", "max", "values"),
                        "columns." + column.getKey() + ".");
                Object type = settings.get("type");
                if (type != null) {
                    columns.put(column.getKey(),
                            ColumnType.fromConfig(string(type, "columns." + column.getKey() + ".type"), column.getKey()));
                }
                if (settings.get("min") != null || settings.get("max") != null) {
                    bounds.put(column.getKey(), List.of(bound(settings.get("min"), column.getKey() + ".min"),
                            bound(settings.get("max"), column.getKey() + ".max")));
                    // numbers are checked here, where the hub reads the configuration; dates once their format is
                    // known, when the model is trained
                    if (settings.get("min") instanceof Number min && settings.get("max") instanceof Number max
                            && !(min.doubleValue() < max.doubleValue())) {
                        throw new InvalidInputException(
                                "model configuration setting columns." + column.getKey() + ".min must be below its max");
                    }
                }
                if (settings.get("values") != null) {
                    values.put(column.getKey(), labels(settings.get("values"), column.getKey() + ".values"));
                }
            }
        }
        String target = map.get("target") == null ? null : string(map.get("target"), "target");
        return new SynthConfig(synthesizer, columns, k, maxBins, epsilon, delta, bounds, values, target);
    }

    /**
     * @param runTarget the target a run names (for its report), or {@code null}
     * @return this configuration with that target, which the report and the model then share
     * @throws InvalidInputException when the configuration names another target
     */
    public SynthConfig withTarget(String runTarget) {
        if (runTarget == null || runTarget.equals(target)) {
            return this;
        }
        if (target != null) {
            throw new InvalidInputException("the run's target " + runTarget
                    + " differs from the model configuration's target " + target + "; name one of them");
        }
        return new SynthConfig(synthesizer, columns, k, maxBins, epsilon, delta, bounds, values, runTarget);
    }

    /**
     * @param header the table's column names
     * @throws InvalidInputException naming a configured column the table does not have
     */
    public void validateAgainst(Collection<String> header) {
        Set<String> named = new TreeSet<>(columns.keySet());
        named.addAll(bounds.keySet());
        named.addAll(values.keySet());
        if (target != null) {
            named.add(target);
        }
        for (String column : named) {
            if (!header.contains(column)) {
                throw new InvalidInputException("the model configuration names column " + column
                        + ", which the table does not have; its columns are " + header);
            }
        }
    }

    private static void rejectUnknown(Set<String> keys, Set<String> known, String path) {
        for (String key : keys) {
            if (!known.contains(key)) {
                throw new InvalidInputException("model configuration setting " + path + key + " is unknown");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidInputException("model configuration setting " + path + " must be an object");
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    /** Declared labels: a list of strings (numbers and booleans are taken as written). */
    private static List<String> labels(Object value, String path) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidInputException(
                    "model configuration setting columns." + path + " must be a list of labels");
        }
        List<String> labels = new java.util.ArrayList<>();
        for (Object label : list) {
            if (!(label instanceof String || label instanceof Number || label instanceof Boolean)) {
                throw new InvalidInputException(
                        "model configuration setting columns." + path + " must be a list of labels");
            }
            if (!labels.contains(label.toString())) {
                labels.add(label.toString());
            }
        }
        return labels;
    }

    /** A declared bound: a number, or a date as text; both bounds or neither. */
    private static String bound(Object value, String path) {
        if (value instanceof Number number) {
            return number.toString();
        }
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        throw new InvalidInputException("model configuration setting columns." + path
                + (value == null ? " is missing: declare both min and max" : " must be a number or a date"));
    }

    private static String string(Object value, String path) {
        if (!(value instanceof String text)) {
            throw new InvalidInputException("model configuration setting " + path + " must be a string");
        }
        return text;
    }

    private static int integer(Object value, String path) {
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new InvalidInputException("model configuration setting " + path + " must be a whole number");
        }
        return number.intValue();
    }
}
