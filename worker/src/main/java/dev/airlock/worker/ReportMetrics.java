package dev.airlock.worker;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.airlock.synth.Report;

/** The report's headline scores as task metrics: aggregates only, safe to relay to the hub. */
final class ReportMetrics {

    private ReportMetrics() {
    }

    static Map<String, Double> of(Report report) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("quality.overall", report.quality().overall());
        metrics.put("quality.columnShapes", report.quality().columnShapes());
        metrics.put("quality.columnPairTrends", report.quality().columnPairTrends());
        Report.Sdmetrics sdmetrics = report.quality().sdmetrics();
        if (sdmetrics != null && sdmetrics.score() != null) {
            metrics.put("quality.sdmetrics.score", sdmetrics.score());
            metrics.put("quality.sdmetrics.columnShapes", sdmetrics.columnShapes());
            if (sdmetrics.columnPairTrends() != null) {
                metrics.put("quality.sdmetrics.columnPairTrends", sdmetrics.columnPairTrends());
            }
        }
        if (report.quality().mlUtility() != null) {
            metrics.put("quality.mlUtility.ratio", report.quality().mlUtility().ratio());
        }
        metrics.put("privacy.exactCopyRate", report.privacy().exactCopyRate());
        metrics.put("privacy.naturalCopyRate", report.privacy().naturalCopyRate());
        metrics.put("privacy.trainCloserShare", report.privacy().trainCloserShare());
        metrics.put("privacy.membershipInferenceAuc", report.privacy().membershipInferenceAuc());
        Report.DcrBaselineProtection dcr = report.privacy().dcrBaselineProtection();
        if (dcr != null) {
            if (dcr.score() != null) {
                metrics.put("privacy.dcrBaselineProtection.score", dcr.score());
            }
            metrics.put("privacy.dcrBaselineProtection.syntheticMedian", dcr.syntheticMedian());
            if (dcr.holdoutMedian() != null) {
                metrics.put("privacy.dcrBaselineProtection.holdoutMedian", dcr.holdoutMedian());
            }
        }
        return metrics;
    }
}
