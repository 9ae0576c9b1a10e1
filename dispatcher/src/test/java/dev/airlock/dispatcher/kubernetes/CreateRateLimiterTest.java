package dev.airlock.dispatcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class CreateRateLimiterTest {

    @Test
    void aBurstPassesAtOnceThenThePermitsComeAtTheRate() {
        // Given
        AtomicLong now = new AtomicLong();
        CreateRateLimiter limiter = new CreateRateLimiter(20, 30, now::get);

        // When
        long[] waits = IntStream.range(0, 32).mapToLong(i -> limiter.reserve()).toArray();

        // Then
        assertThat(IntStream.range(0, 30).mapToLong(i -> waits[i])).containsOnly(0L);
        assertThat(waits[30]).isEqualTo(50_000_000L);
        assertThat(waits[31]).isEqualTo(100_000_000L);
    }

    @Test
    void timeRefillsTheBucketUpToTheBurst() {
        // Given
        AtomicLong now = new AtomicLong();
        CreateRateLimiter limiter = new CreateRateLimiter(20, 30, now::get);
        IntStream.range(0, 30).forEach(i -> limiter.reserve());

        // When
        now.addAndGet(10_000_000_000L);

        // Then
        assertThat(IntStream.range(0, 30).mapToLong(i -> limiter.reserve())).containsOnly(0L);
        assertThat(limiter.reserve()).isPositive();
    }

    @Test
    void aRateOfZeroTurnsTheLimitOff() {
        // Given
        CreateRateLimiter limiter = new CreateRateLimiter(0, 1, () -> 0L);

        // When / Then
        assertThat(IntStream.range(0, 1000).mapToLong(i -> limiter.reserve())).containsOnly(0L);
    }
}
