package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

class ChartLintTest {

    @Test
    void lintsWithoutErrorsOrWarnings() {
        // Given
        Helm helm = new Helm(AirlockChart.CHART);

        // When
        LintResult result = helm.lint().strict().call();

        // Then
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages())
                .noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }
}
