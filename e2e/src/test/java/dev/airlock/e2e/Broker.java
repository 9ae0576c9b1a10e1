package dev.airlock.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Stops and starts the local RabbitMQ application the way an operator would, with {@code rabbitmqctl}. */
final class Broker {

    private Broker() {
    }

    static void stopApp() throws IOException, InterruptedException {
        rabbitmqctl("stop_app");
    }

    static void startApp() throws IOException, InterruptedException {
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
    }

    private static void rabbitmqctl(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + command + " failed: " + output);
        }
    }
}
