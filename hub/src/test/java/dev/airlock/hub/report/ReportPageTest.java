package dev.airlock.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ReportPageTest {

    @Test
    void aRegressionTargetAndTheDistanceToTheClosestRecordGetTheirCards() throws Exception {
        // Given: a report of a number target, whose synthetic rows lie as far from the training rows as the holdout's
        JsonNode report = new ObjectMapper().readTree("""
                {"quality": {"overall": 0.9, "columnShapes": 0.9, "columnPairTrends": 0.9,
                  "mlUtility": {"target": "price", "task": "regression", "r2Real": 0.81, "r2Synthetic": 0.78,
                                "ratio": 0.963}},
                 "privacy": {"exactCopyRate": 0, "naturalCopyRate": 0, "trainCloserShare": 0.5,
                   "membershipInferenceAuc": 0.5,
                   "dcrBaselineProtection": {"score": 0.33, "syntheticMedian": 0.091, "randomMedian": 0.275,
                                             "holdoutMedian": 0.090}}}
                """);

        // When
        ReportPage page = ReportPage.of(report);

        // Then
        assertThat(page.cards()).anySatisfy(card -> {
            assertThat(card.label()).isEqualTo("ML utility (price)");
            assertThat(card.explanation()).contains("R² 0.78, against 0.81");
        });
        assertThat(page.cards()).anySatisfy(card -> {
            assertThat(card.label()).isEqualTo("Distance to closest record");
            assertThat(card.value()).isEqualTo("0.091 (holdout 0.090)");
            assertThat(card.band()).isEqualTo("safe");
            assertThat(card.explanation()).contains("baseline protection 0.33");
        });
    }

    @Test
    void syntheticRowsMuchCloserThanFreshOnesAreARisk() throws Exception {
        // Given
        JsonNode report = new ObjectMapper().readTree("""
                {"quality": {}, "privacy": {"dcrBaselineProtection": {"score": 0.05, "syntheticMedian": 0.01,
                  "randomMedian": 0.2, "holdoutMedian": 0.09}}}
                """);

        // When / Then
        assertThat(ReportPage.of(report).cards()).filteredOn(card -> card.label().equals("Distance to closest record"))
                .singleElement().extracting(ReportPage.Card::band).isEqualTo("risk");
    }
}
