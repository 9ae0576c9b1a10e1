package dev.airlock.common.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads samples out of a Prometheus text scrape ({@code /q/metrics}) for the services' tests. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * @param scrape the scrape
     * @param name a sample name, such as {@code airlock_tasks_finished_total}
     * @param labels label pairs each matching sample must carry, such as {@code state="completed"}
     * @return the sum of the matching samples
     * @throws AssertionError when no sample matches
     */
    public static double sum(String scrape, String name, String... labels) {
        List<Double> values = scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .toList();
        if (values.isEmpty()) {
            throw new AssertionError("no sample " + name + " with " + List.of(labels) + " in the scrape");
        }
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * @param scrape the scrape
     * @param prefix the start of the sample names to look at, such as {@code airlock_}
     * @return the label names those samples carry
     */
    public static Set<String> labelNames(String scrape, String prefix) {
        return scrape.lines()
                .filter(line -> line.startsWith(prefix) && line.contains("{"))
                .flatMap(line -> Arrays.stream(line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'))
                        .split(",")))
                .map(label -> label.substring(0, label.indexOf('=')))
                .collect(Collectors.toSet());
    }
}
