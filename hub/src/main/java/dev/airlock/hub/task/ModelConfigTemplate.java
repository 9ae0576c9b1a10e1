package dev.airlock.hub.task;

import java.util.List;
import java.util.Map;

/**
 * A starting point for a model configuration.
 *
 * @param name its name
 * @param description what it trades
 * @param config the configuration, as a submission's {@code modelConfig}
 */
public record ModelConfigTemplate(String name, String description, Map<String, Object> config) {

    /** The templates, the default first. */
    public static final List<ModelConfigTemplate> ALL = List.of(
            new ModelConfigTemplate("default",
                    "Tree-shaped Bayesian network over binned columns; keeps pairwise relations; bins and categories "
                            + "backed by fewer than 10 rows are pooled",
                    Map.of("synthesizer", "default")),
            new ModelConfigTemplate("differential-privacy",
                    "Like default, with (ε, δ)-differential privacy (ε = 1, δ = 1e-6) for the whole model: types, "
                            + "labels, ranges, structure and counts; less faithful, with a formal bound on what any "
                            + "one row changes. Declare each column's labels (columns.X.values) and numeric bounds "
                            + "(columns.X.min/max), or at least its type, to keep rare labels and spend no budget on "
                            + "the domain; on a table of a few hundred rows training refuses numeric columns without "
                            + "bounds, naming them",
                    Map.of("synthesizer", "default", "privacy", Map.of("epsilon", 1.0))),
            new ModelConfigTemplate("fast",
                    "Every column drawn on its own, coarse bins: quickest, keeps each column's distribution but "
                            + "no relations between columns",
                    Map.of("synthesizer", "marginals", "maxBins", 10)),
            new ModelConfigTemplate("high-privacy",
                    "Like default, but bins and categories need at least 25 rows and numbers get at most 10 bins",
                    Map.of("synthesizer", "default", "privacy", Map.of("k", 25), "maxBins", 10)));

    /**
     * @param name a template's name
     * @return the template, or {@code null}
     */
    public static ModelConfigTemplate named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
