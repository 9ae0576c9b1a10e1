package dev.airlock.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ColumnModelTest {

    @Test
    void decimalFormattingMatchesBigDecimal() {
        // Given
        SplittableRandom random = new SplittableRandom(1);

        // When / Then
        for (int i = 0; i < 100_000; i++) {
            double number = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(8));
            int decimals = random.nextInt(7);
            String expected = BigDecimal.valueOf(Math.round(number * Math.pow(10, decimals)))
                    .movePointLeft(decimals).setScale(decimals, RoundingMode.UNNECESSARY).toPlainString();
            assertThat(ColumnModel.decimal(number, decimals)).as("%s at %d", number, decimals).isEqualTo(expected);
        }
        assertThat(ColumnModel.decimal(-0.04, 1)).isEqualTo("0.0");
        assertThat(ColumnModel.decimal(2.5, 0)).isEqualTo("3");
        assertThat(ColumnModel.decimal(-1.05, 2)).isEqualTo("-1.05");
    }
}
