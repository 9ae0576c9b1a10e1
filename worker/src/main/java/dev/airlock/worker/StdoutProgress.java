package dev.airlock.worker;

import java.util.Locale;

import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.synth.ProgressListener;

/**
 * Reports progress to the launcher as lines {@code AIRLOCK_PROGRESS {"phase":…,"fraction":…}} on standard output, at
 * most one line per phase and percent.
 */
final class StdoutProgress implements ProgressListener {

    private String lastPhase;
    private int lastPercent = -1;

    @Override
    public synchronized void onProgress(String phase, double fraction) {
        int percent = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
        if (phase.equals(lastPhase) && percent == lastPercent) {
            return;
        }
        lastPhase = phase;
        lastPercent = percent;
        System.out.println(WorkerEnvironment.PROGRESS_LINE_PREFIX
                + String.format(Locale.ROOT, "{\"phase\":\"%s\",\"fraction\":%.2f}", phase, percent / 100.0));
        System.out.flush();
    }
}
