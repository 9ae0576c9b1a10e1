package dev.airlock.dispatcher.kubernetes;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A token bucket that paces Job creation so a burst of tasks does not flood the API server: up to {@code burst}
 * creations at once, then {@code ratePerSecond} on average. A rate of 0 or less turns it off.
 */
public final class CreateRateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastRefill;

    /**
     * @param ratePerSecond creations per second on average; 0 or less for no limit
     * @param burst creations allowed at once
     * @param nanoTime the clock, {@link System#nanoTime} outside tests
     */
    public CreateRateLimiter(double ratePerSecond, int burst, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1, burst);
        this.nanoTime = nanoTime;
        this.tokens = this.burst;
        this.lastRefill = nanoTime.getAsLong();
    }

    /**
     * Takes one permit, possibly one that becomes available only later.
     *
     * @return how long the caller must wait before using it, in nanoseconds
     */
    public synchronized long reserve() {
        if (ratePerSecond <= 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerSecond / 1e9);
        lastRefill = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerSecond * 1e9);
    }

    /** Blocks until a permit is available. */
    public void acquire() {
        long deadline = System.nanoTime() + reserve();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}
