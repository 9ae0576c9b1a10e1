package dev.airlock.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The quality and privacy report of a synthetic table, as documented in {@code docs/synthesizer.md}. It holds aggregates
 * only: scores, rates and histograms whose every bin stands for at least {@code k} rows, so it may leave the zone.
 *
 * @param format always {@code airlock-report}
 * @param version the report format version
 * @param rows how many rows each table had and how many were evaluated
 * @param quality how alike the synthetic and real tables are
 * @param privacy how much the synthetic table gives away about the training rows
 * @param plots histograms and association matrices for pictures
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String format, int version, Rows rows, Quality quality, Privacy privacy, Plots plots) {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /**
     * @param train rows in the training table
     * @param holdout rows in the holdout table
     * @param synthetic rows in the synthetic table
     * @param evaluated the most rows of each table the ML utility, the distances and the plots used (a uniform
     *        sample beyond that); shapes and pair trends count every row
     */
    public record Rows(long train, long holdout, long synthetic, int evaluated) {
    }

    /**
     * @param columnShapes mean over columns of 1 − total variation distance of the discretised values (SDMetrics'
     *        TVComplement; numeric columns with more than 25 values in 20 quantile bins of the training table)
     * @param columnPairTrends mean over column pairs of 1 − total variation distance of their joint distribution
     *        (SDMetrics' ContingencySimilarity on discretised values)
     * @param overall the mean of the two
     * @param columns the shape score of each column
     * @param mlUtility the classifier or regressor comparison, when a target column was named
     * @param sdmetrics the same tables scored by SDMetrics' quality report's definitions, which differ from the two
     *        above for numeric and date columns
     */
    public record Quality(double columnShapes, double columnPairTrends, double overall, List<ColumnScore> columns,
            MlUtility mlUtility, Sdmetrics sdmetrics) {
    }

    /**
     * SDMetrics' single-table quality report on the training and synthetic tables (see {@code docs/synthesizer.md}):
     * a numerical or datetime column's shape is its Kolmogorov–Smirnov complement and a pair of them scores by Pearson
     * correlation; categorical and boolean columns and mixed pairs by total variation, numbers then in 10 equal-width
     * bins. A score is {@code null} when nothing could be scored (every column an identifier, or a single column).
     *
     * @param score the mean of the two properties
     * @param columnShapes mean over scored columns
     * @param columnPairTrends mean over scored pairs of columns
     * @param sdtypes each column's SDMetrics sdtype as detected from the training table: {@code numerical},
     *        {@code datetime}, {@code categorical}, {@code boolean} or {@code id} (not scored)
     */
    public record Sdmetrics(Double score, Double columnShapes, Double columnPairTrends, Map<String, String> sdtypes) {
    }

    /**
     * @param name the column
     * @param shape its column shape score
     */
    public record ColumnScore(String name, double shape) {
    }

    /**
     * A model trained on the synthetic table against the same trained on the training table, both scored on the
     * holdout: a classifier for a target of labels, a regressor for a number target.
     *
     * @param target the target column
     * @param task {@code classification} (a target of labels, or of 25 numbers or fewer) or {@code regression}
     * @param aucReal classification: ROC AUC on the holdout of a logistic regression trained on the training table
     * @param aucSynthetic classification: the same trained on the synthetic table
     * @param r2Real regression: R² on the holdout of a ridge regression trained on the training table
     * @param r2Synthetic regression: the same trained on the synthetic table
     * @param ratio {@code aucSynthetic / aucReal}, or {@code max(0, r2Synthetic) / r2Real} (0 when {@code r2Real} is
     *        not above 0: a target the other columns do not predict has no utility to keep)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MlUtility(String target, String task, Double aucReal, Double aucSynthetic, Double r2Real,
            Double r2Synthetic, double ratio) {

        static MlUtility classification(String target, double aucReal, double aucSynthetic) {
            return new MlUtility(target, "classification", round(aucReal), round(aucSynthetic), null, null,
                    round(aucReal == 0 ? 0 : aucSynthetic / aucReal));
        }

        static MlUtility regression(String target, double r2Real, double r2Synthetic) {
            return new MlUtility(target, "regression", null, null, round(r2Real), round(r2Synthetic),
                    round(r2Real <= 0 ? 0 : Math.max(0, r2Synthetic) / r2Real));
        }

        private static double round(double value) {
            return Evaluator.round(value);
        }
    }

    /**
     * @param exactCopyRate share of synthetic rows equal to a training row
     * @param naturalCopyRate share of holdout rows equal to a training row: the rate a fresh sample of the same
     *        population would have
     * @param trainCloserShare among synthetic rows not equally close to both, the share closer (Hamming distance on
     *        discretised values) to the training table than to the holdout; 0.5 is ideal
     * @param membershipInferenceAuc how well the distance to the synthetic table tells training rows from holdout
     *        rows; 0.5 means not at all
     * @param dcrBaselineProtection SDMetrics' DCRBaselineProtection, or {@code null} when no column is scored
     */
    public record Privacy(double exactCopyRate, double naturalCopyRate, double trainCloserShare,
            double membershipInferenceAuc, DcrBaselineProtection dcrBaselineProtection) {
    }

    /**
     * SDMetrics' DCRBaselineProtection (see {@code docs/synthesizer.md}): the synthetic rows' median distance to the
     * closest training row against that of random rows drawn uniformly over the training columns' ranges and labels.
     *
     * @param score {@code min(1, syntheticMedian / randomMedian)}: 1 means random rows would lie no further from the
     *        training rows; {@code null} when the random rows' median is 0
     * @param syntheticMedian the synthetic rows' median distance (0 to 1: the mean over columns of a range-scaled
     *        difference or a label mismatch)
     * @param randomMedian the random rows' median distance
     * @param holdoutMedian the holdout rows' median distance to the same training rows: where fresh real rows lie, so
     *        a synthetic median well below it means rows drawn close to training rows ({@code null} without a holdout)
     */
    public record DcrBaselineProtection(Double score, double syntheticMedian, double randomMedian,
            Double holdoutMedian) {
    }

    /**
     * @param histograms per column, real against synthetic
     * @param associations Cramér's V between every pair of columns, real and synthetic
     */
    public record Plots(List<Histogram> histograms, Associations associations) {
    }

    /**
     * @param column the column
     * @param labels bin labels: categories or numeric ranges; bins under {@code k} real rows are pooled as
     *        {@code (other)}
     * @param real share of real rows per bin
     * @param synthetic share of synthetic rows per bin
     */
    public record Histogram(String column, List<String> labels, double[] real, double[] synthetic) {
    }

    /**
     * @param columns the columns, in order
     * @param real Cramér's V in the real table
     * @param synthetic Cramér's V in the synthetic table
     */
    public record Associations(List<String> columns, double[][] real, double[][] synthetic) {
    }

    /** Writes the report as indented JSON. */
    public void write(OutputStream out) throws IOException {
        MAPPER.writeValue(out, this);
    }
}
