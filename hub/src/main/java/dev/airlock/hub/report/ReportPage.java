package dev.airlock.hub.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task's quality and privacy report ready to draw: score cards with plain-language bands, per-column histograms
 * and association heatmaps as SVG geometry (drawn with attributes only, which the Content-Security-Policy allows).
 *
 * @param cards the headline scores
 * @param histograms one per column, real against synthetic
 * @param heatmaps the association matrix of the real and of the synthetic table
 */
public record ReportPage(List<Card> cards, List<Histogram> histograms, List<Heatmap> heatmaps) {

    static final int BAR_HEIGHT = 120;
    static final int BIN_WIDTH = 26;
    static final int CELL = 18;

    /**
     * @param label what is measured
     * @param value the value as text
     * @param band {@code excellent}, {@code good}, {@code fair}, {@code poor} for quality; {@code safe},
     *        {@code watch}, {@code risk} for privacy
     * @param explanation one plain sentence
     */
    public record Card(String label, String value, String band, String explanation) {
    }

    /**
     * @param column the column
     * @param width the SVG's width
     * @param height the SVG's height
     * @param bars one per bin
     */
    public record Histogram(String column, int width, int height, List<Bar> bars) {
    }

    /**
     * @param label the bin
     * @param x left edge of the real bar; the synthetic bar follows it
     * @param realY top of the real bar
     * @param realHeight height of the real bar
     * @param syntheticY top of the synthetic bar
     * @param syntheticHeight height of the synthetic bar
     * @param real the real share, as a percentage text
     * @param synthetic the synthetic share, as a percentage text
     */
    public record Bar(String label, int x, int realY, int realHeight, int syntheticY, int syntheticHeight, String real,
            String synthetic) {
        /** @return where the synthetic bar starts */
        public int syntheticX() {
            return x + BIN_WIDTH / 2 - 1;
        }
    }

    /**
     * @param title which table
     * @param size the SVG's width and height
     * @param columns the column names, in order
     * @param cells every pair
     */
    public record Heatmap(String title, int size, List<String> columns, List<Cell> cells) {
    }

    /**
     * @param x left
     * @param y top
     * @param opacity the association, 0 to 1, as fill opacity
     * @param title the pair and its value
     */
    public record Cell(int x, int y, String opacity, String title) {
    }

    /**
     * @param report a {@code report.json} as the worker writes it
     * @return the page model
     */
    public static ReportPage of(JsonNode report) {
        JsonNode quality = report.path("quality");
        JsonNode privacy = report.path("privacy");
        List<Card> cards = new ArrayList<>();
        cards.add(quality("Overall quality", quality.path("overall").asDouble(),
                "How closely the synthetic table follows the real one, column by column and pair by pair."));
        cards.add(quality("Column shapes", quality.path("columnShapes").asDouble(),
                "Each column's distribution, real against synthetic."));
        cards.add(quality("Column pair trends", quality.path("columnPairTrends").asDouble(),
                "How every pair of columns varies together."));
        JsonNode sdmetrics = quality.path("sdmetrics");
        if (sdmetrics.path("score").isNumber()) {
            cards.add(quality("SDMetrics quality score", sdmetrics.path("score").asDouble(),
                    "The same tables by SDMetrics' quality report (Kolmogorov–Smirnov shapes, correlations of numbers), "
                            + "to compare with tools that use it."));
        }
        JsonNode utility = quality.path("mlUtility");
        if (!utility.isMissingNode()) {
            double ratio = utility.path("ratio").asDouble();
            cards.add(new Card("ML utility (" + utility.path("target").asText() + ")", percent(ratio),
                    ratio >= 0.95 ? "excellent" : ratio >= 0.9 ? "good" : ratio >= 0.8 ? "fair" : "poor",
                    "regression".equals(utility.path("task").asText())
                            ? String.format(Locale.ROOT, "A regression trained on synthetic data predicts the holdout "
                                    + "with R² %.2f, against %.2f trained on real data.",
                                    utility.path("r2Synthetic").asDouble(), utility.path("r2Real").asDouble())
                            : "A model trained on synthetic data predicts the holdout this well, relative to one "
                                    + "trained on real data."));
        }
        double copies = privacy.path("exactCopyRate").asDouble();
        double natural = privacy.path("naturalCopyRate").asDouble();
        cards.add(new Card("Exact copies", percent(copies) + " (natural " + percent(natural) + ")",
                copies <= natural ? "safe" : copies <= 2 * natural ? "watch" : "risk",
                "Synthetic rows equal to a training row, beside how often fresh real rows are."));
        double closer = privacy.path("trainCloserShare").asDouble();
        cards.add(new Card("Closer to training rows", percent(closer),
                closer <= 0.55 ? "safe" : closer <= 0.6 ? "watch" : "risk",
                "Share of synthetic rows nearer the training rows than the holdout; 50 % means no overfitting."));
        JsonNode dcr = privacy.path("dcrBaselineProtection");
        if (dcr.path("holdoutMedian").isNumber()) {
            double synthetic = dcr.path("syntheticMedian").asDouble();
            double holdout = dcr.path("holdoutMedian").asDouble();
            cards.add(new Card("Distance to closest record",
                    String.format(Locale.ROOT, "%.3f (holdout %.3f)", synthetic, holdout),
                    synthetic >= holdout ? "safe" : synthetic >= holdout / 2 ? "watch" : "risk",
                    "Median distance from a synthetic row to its nearest training row, beside a fresh real row's"
                            + (dcr.path("score").isNumber()
                                    ? String.format(Locale.ROOT, "; SDMetrics' baseline protection %.2f",
                                            dcr.path("score").asDouble())
                                    : "")
                            + "."));
        }
        double attack = privacy.path("membershipInferenceAuc").asDouble();
        cards.add(new Card("Membership inference", String.format(Locale.ROOT, "AUC %.2f", attack),
                attack <= 0.55 ? "safe" : attack <= 0.6 ? "watch" : "risk",
                "How well an attacker tells training rows from others by distance; 0.50 is a coin toss."));

        List<Histogram> histograms = new ArrayList<>();
        for (JsonNode histogram : report.path("plots").path("histograms")) {
            histograms.add(histogram(histogram));
        }
        List<Heatmap> heatmaps = new ArrayList<>();
        JsonNode associations = report.path("plots").path("associations");
        List<String> columns = new ArrayList<>();
        associations.path("columns").forEach(c -> columns.add(c.asText()));
        if (!columns.isEmpty()) {
            heatmaps.add(heatmap("Real", columns, associations.path("real")));
            heatmaps.add(heatmap("Synthetic", columns, associations.path("synthetic")));
        }
        return new ReportPage(cards, histograms, heatmaps);
    }

    private static Card quality(String label, double value, String explanation) {
        return new Card(label, percent(value),
                value >= 0.9 ? "excellent" : value >= 0.8 ? "good" : value >= 0.7 ? "fair" : "poor", explanation);
    }

    private static Histogram histogram(JsonNode histogram) {
        JsonNode labels = histogram.path("labels");
        JsonNode real = histogram.path("real");
        JsonNode synthetic = histogram.path("synthetic");
        double max = 0.0001;
        for (int i = 0; i < labels.size(); i++) {
            max = Math.max(max, Math.max(real.path(i).asDouble(), synthetic.path(i).asDouble()));
        }
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            int realHeight = (int) Math.round(real.path(i).asDouble() / max * BAR_HEIGHT);
            int syntheticHeight = (int) Math.round(synthetic.path(i).asDouble() / max * BAR_HEIGHT);
            bars.add(new Bar(labels.path(i).asText(), i * BIN_WIDTH + 2, BAR_HEIGHT - realHeight, realHeight,
                    BAR_HEIGHT - syntheticHeight, syntheticHeight, percent(real.path(i).asDouble()),
                    percent(synthetic.path(i).asDouble())));
        }
        return new Histogram(histogram.path("column").asText(), Math.max(BIN_WIDTH, labels.size() * BIN_WIDTH),
                BAR_HEIGHT, bars);
    }

    private static Heatmap heatmap(String title, List<String> columns, JsonNode matrix) {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                double value = matrix.path(i).path(j).asDouble();
                cells.add(new Cell(j * CELL, i * CELL, String.format(Locale.ROOT, "%.2f", value),
                        columns.get(i) + " × " + columns.get(j) + ": " + String.format(Locale.ROOT, "%.2f", value)));
            }
        }
        return new Heatmap(title, columns.size() * CELL, columns, cells);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
