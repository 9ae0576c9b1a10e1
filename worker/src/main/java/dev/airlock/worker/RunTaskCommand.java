package dev.airlock.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskError;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.common.contract.WorkerResult;
import dev.airlock.synth.InvalidInputException;
import dev.airlock.synth.ProgressListener;
import picocli.CommandLine.Command;

/**
 * {@code run-task}: the program of a worker Job or local process. Reads everything from the environment contract
 * ({@link WorkerEnvironment}), writes its {@link WorkerResult} and exits with a {@link WorkerExitCode}.
 */
@Command(name = "run-task", mixinStandardHelpOptions = true, description = "Run the task named by AIRLOCK_TASK_FILE (used by the dispatcher; see the worker README).")
final class RunTaskCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        Path resultFile = Path.of(env.getOrDefault(WorkerEnvironment.RESULT_FILE, "/dev/termination-log"));
        TaskRequest task = MessageCodec.decode(Files.readAllBytes(Path.of(required(env, WorkerEnvironment.TASK_FILE))),
                TaskRequest.class);
        WorkerResult result;
        int exitCode;
        try {
            ProgressListener progress = HeartbeatSender.from(env, new StdoutProgress());
            try {
                result = new TaskRunner(WorkerSettings.fromEnvironment(env), progress).run(task);
            } finally {
                if (progress instanceof HeartbeatSender sender) {
                    sender.close();
                }
            }
            exitCode = WorkerExitCode.OK;
        } catch (InvalidInputException e) {
            result = new WorkerResult(TaskState.ERROR, null, null, new TaskError(ErrorCode.INVALID_INPUT, e.getMessage()));
            exitCode = WorkerExitCode.INVALID_INPUT;
        } catch (SourceUnavailableException e) {
            result = new WorkerResult(TaskState.ERROR, null, null,
                    new TaskError(ErrorCode.SOURCE_UNAVAILABLE, e.getMessage()));
            exitCode = WorkerExitCode.SOURCE_UNAVAILABLE;
        }
        Files.write(resultFile, MessageCodec.encode(result));
        System.err.printf("task %s %s%n", task.taskId(), result.state().wireName());
        return exitCode;
    }

    static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
