package dev.airlock.dispatcher.kubernetes;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.eclipse.microprofile.config.Config;

import dev.airlock.common.contract.ContractException;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskType;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.dispatcher.launch.LaunchException;
import dev.airlock.dispatcher.zone.SourceEnvironment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code render-job}: prints the Job (and the shape of the per-task Secret, values hidden) the dispatcher would create
 * for a task file, without a cluster.
 */
@Command(name = "render-job", mixinStandardHelpOptions = true, description = "Print the Kubernetes Job the dispatcher "
        + "would create for a task, and its per-task Secret with the values hidden. Needs no cluster.")
public final class RenderJobCommand implements Callable<Integer> {

    static final String HIDDEN = "<hidden>";

    @Spec
    CommandSpec spec;

    @Option(names = "--task", required = true, paramLabel = "<task.json>", description = "A TaskRequest as JSON (signed or not).")
    Path task;

    @Option(names = "--config", paramLabel = "<application.properties>", description = "The dispatcher's properties "
            + "(e.g. the chart's ConfigMap): dispatcher.kubernetes.*, dispatcher.store.*, dispatcher.data-sources.*. "
            + "System properties and the environment apply too.")
    Path config;

    /**
     * @param args the command line
     */
    public static void main(String... args) {
        System.exit(new CommandLine(new RenderJobCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            TaskRequest request = MessageCodec.decode(Files.readAllBytes(task), TaskRequest.class);
            Config properties = JobSettingsLoader.config(config);
            JobFactory factory = new JobFactory(JobSettingsLoader.load(config));
            Map<String, String> environment = environment(request, properties);
            KubernetesSerialization yaml = new KubernetesSerialization();
            out.print(yaml.asYaml(factory.job(request, environment)));
            Secret secret = factory.secret(request, environment);
            Map<String, String> hidden = new TreeMap<>();
            secret.getStringData().keySet().forEach(key -> hidden.put(key, HIDDEN));
            out.print(yaml.asYaml(new SecretBuilder(secret).withStringData(hidden).build()));
            out.flush();
            return 0;
        } catch (ContractException | LaunchException | IllegalArgumentException e) {
            err.println("render-job: " + e.getMessage());
            return 2;
        }
    }

    /** The worker environment {@code TaskIntake} would give, from the same properties; secrets are never read. */
    private static Map<String, String> environment(TaskRequest request, Config properties) {
        Map<String, String> environment = new TreeMap<>();
        environment.put(WorkerEnvironment.S3_ENDPOINT,
                JobSettingsLoader.value(properties, "dispatcher.store.endpoint").orElse("http://127.0.0.1:9000"));
        environment.put(WorkerEnvironment.S3_REGION,
                JobSettingsLoader.value(properties, "dispatcher.store.region").orElse("us-east-1"));
        environment.put(WorkerEnvironment.SHARED_BUCKET,
                JobSettingsLoader.value(properties, "dispatcher.store.shared-bucket").orElse("airlock-shared"));
        String heartbeatBase = JobSettingsLoader.value(properties, "dispatcher.worker-heartbeat.url")
                .orElse("http://127.0.0.1:8081").replaceAll("/+$", "");
        environment.put(WorkerEnvironment.HEARTBEAT_URL,
                heartbeatBase + "/internal/tasks/" + request.taskId() + "/heartbeat");
        environment.put(WorkerEnvironment.HEARTBEAT_TOKEN, HIDDEN);
        environment.put(WorkerEnvironment.HEARTBEAT_INTERVAL, Long.toString(Math.max(1, JobSettingsLoader
                .value(properties, "dispatcher.worker-heartbeat.interval")
                .map(io.quarkus.runtime.configuration.DurationConverter::parseDuration)
                .orElse(java.time.Duration.ofSeconds(15)).toSeconds())));
        environment.put(WorkerEnvironment.S3_ACCESS_KEY, HIDDEN);
        environment.put(WorkerEnvironment.S3_SECRET_KEY, HIDDEN);
        if ((request.type() == TaskType.TRAIN || request.type() == TaskType.EVALUATE) && request.source() != null) {
            List<String> allowed = JobSettingsLoader.value(properties, "dispatcher.allowed-source-hosts")
                    .map(hosts -> List.of(hosts.split(","))).orElse(List.of());
            SourceEnvironment.put(request, null, allowed, HIDDEN, environment).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        } else if (request.type() == TaskType.TRAIN || request.type() == TaskType.EVALUATE) {
            String source = "dispatcher.data-sources." + request.dataSource();
            environment.put(WorkerEnvironment.SOURCE_BUCKET, JobSettingsLoader.value(properties, source + ".bucket")
                    .orElseThrow(() -> new IllegalArgumentException(source + ".bucket is not configured")));
            environment.put(WorkerEnvironment.SOURCE_KEY, JobSettingsLoader.value(properties, source + ".key")
                    .orElseThrow(() -> new IllegalArgumentException(source + ".key is not configured")));
        }
        return environment;
    }
}
