package dev.airlock.synth;

/** Receives the engine's progress: a phase name and the fraction of it that is done. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (phase, fraction) -> {
    };

    /**
     * @param phase a short phase name such as {@code profile}, {@code fit} or {@code sample}
     * @param fraction between 0 and 1
     */
    void onProgress(String phase, double fraction);
}
