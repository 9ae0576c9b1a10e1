package dev.airlock.common.license;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The contents of {@code features.json}: who may run Airlock, until when, with what.
 *
 * @param licensee who the license is for
 * @param issued when it was issued
 * @param expires when it stops allowing new tasks
 * @param features what it allows
 */
public record License(String licensee, Instant issued, Instant expires, Features features) {

    /**
     * What a license allows.
     *
     * @param synthesizers synthesizer kinds allowed (as in a model configuration's {@code synthesizer}), e.g.
     *        {@code default}, {@code marginals}
     * @param maxRunningWorkers workers at once per zone; lowers the dispatcher's own limit
     * @param maxQueuedTasks tasks waiting per zone
     * @param gpu whether the {@code gpu} worker class may be used
     * @param differentialPrivacy whether differential privacy may be asked for
     * @param multiTable whether multi-table models may be trained
     */
    public record Features(List<String> synthesizers, int maxRunningWorkers, int maxQueuedTasks, boolean gpu,
            boolean differentialPrivacy, boolean multiTable) {
    }

    /**
     * @param now the time
     * @return whether the license no longer allows new tasks
     */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expires);
    }

    /**
     * @param synthesizer the synthesizer kind a task asks for
     * @param gpu whether it asks for a GPU worker
     * @param differentialPrivacy whether it asks for differential privacy
     * @param now the time
     * @return why the license refuses the task, or empty when it allows it; the reason quotes no data
     */
    public Optional<String> refusal(String synthesizer, boolean gpu, boolean differentialPrivacy, Instant now) {
        if (isExpired(now)) {
            return Optional.of("the license of " + licensee + " expired at " + expires);
        }
        if (features.synthesizers() == null || !features.synthesizers().contains(synthesizer)) {
            return Optional.of("the license does not include synthesizer '" + synthesizer + "'");
        }
        if (gpu && !features.gpu()) {
            return Optional.of("the license does not include GPU workers");
        }
        if (differentialPrivacy && !features.differentialPrivacy()) {
            return Optional.of("the license does not include differential privacy");
        }
        return Optional.empty();
    }
}
