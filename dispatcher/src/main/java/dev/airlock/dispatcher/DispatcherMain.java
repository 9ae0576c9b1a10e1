package dev.airlock.dispatcher;

import java.util.Arrays;

import dev.airlock.dispatcher.kubernetes.RenderJobCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The dispatcher's entry point: {@code render-job …} prints a Job without starting anything; no argument runs the
 * dispatcher.
 */
@QuarkusMain
public final class DispatcherMain {

    private DispatcherMain() {
    }

    /**
     * @param args {@code render-job --task <file> [--config <file>]}, or nothing to run the dispatcher
     */
    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("render-job")) {
            RenderJobCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Quarkus.run(args);
    }
}
