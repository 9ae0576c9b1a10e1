package dev.airlock.worker;

import dev.airlock.synth.ProgressListener;

/** Progress printed for a person at a terminal. */
final class ConsoleProgress {

    /** Prints a phase when it starts and when it ends. */
    static final ProgressListener STDERR = new ProgressListener() {
        private String lastPhase;

        @Override
        public void onProgress(String phase, double fraction) {
            if (!phase.equals(lastPhase) || fraction >= 1.0) {
                System.err.printf("%s %3.0f%%%n", phase, fraction * 100);
                lastPhase = phase;
            }
        }
    };

    private ConsoleProgress() {
    }
}
