package dev.airlock.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A uniform sample of at most {@code capacity} items from a stream of unknown length (reservoir sampling, algorithm
 * R). An item is built only when it is kept, so a costly item costs nothing once the reservoir is full and skips it.
 */
final class Reservoir<T> {

    private final int capacity;
    private final SplittableRandom random;
    private final List<T> items = new ArrayList<>();
    private long seen;

    Reservoir(int capacity, SplittableRandom random) {
        this.capacity = capacity;
        this.random = random;
    }

    /** Offers the next item of the stream. */
    void offer(Supplier<? extends T> item) {
        seen++;
        if (items.size() < capacity) {
            items.add(item.get());
            return;
        }
        long slot = random.nextLong(seen);
        if (slot < capacity) {
            items.set((int) slot, item.get());
        }
    }

    /** @return the kept items */
    List<T> items() {
        return items;
    }

    /** @return how many items were offered */
    long seen() {
        return seen;
    }
}
