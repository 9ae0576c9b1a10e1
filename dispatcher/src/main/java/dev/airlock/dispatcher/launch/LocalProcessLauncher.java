package dev.airlock.dispatcher.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.airlock.common.contract.ErrorCode;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.Progress;
import dev.airlock.common.contract.TaskError;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TaskState;
import dev.airlock.common.contract.WorkerEnvironment;
import dev.airlock.common.contract.WorkerExitCode;
import dev.airlock.common.contract.WorkerResult;

/**
 * Runs each worker as a child process of the dispatcher, with the same environment contract a Kubernetes Job gets.
 * Each task owns a directory {@code <work-dir>/tasks/<taskId>}: creating it atomically is what makes a launch
 * idempotent, and the files in it ({@code task.json}, {@code pid}, {@code result.json}, {@code reported},
 * {@code worker.log}) let a restarted dispatcher re-attach.
 */
public final class LocalProcessLauncher implements WorkerLauncher {

    private static final Logger LOG = Logger.getLogger(LocalProcessLauncher.class);

    private final Path tasksDir;
    private final List<String> command;
    private final long maxDurationSeconds;
    private final Map<String, ProcessHandle> processes = new ConcurrentHashMap<>();
    private final java.util.Set<String> cancelled = ConcurrentHashMap.newKeySet();

    /**
     * @param workDir where task directories go
     * @param command the worker's command line up to {@code run-task}, e.g. {@code java -jar airlock-worker.jar}
     * @param maxDurationSeconds how long a worker may run before it is killed
     */
    public LocalProcessLauncher(Path workDir, List<String> command, long maxDurationSeconds) {
        this.tasksDir = workDir.resolve("tasks");
        this.command = List.copyOf(command);
        this.maxDurationSeconds = maxDurationSeconds;
        try {
            Files.createDirectories(tasksDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + tasksDir, e);
        }
    }

    @Override
    public Outcome launch(TaskRequest task, Map<String, String> environment, WorkerObserver observer) {
        Path dir = tasksDir.resolve(task.taskId());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            return Outcome.ALREADY_LAUNCHED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of task " + task.taskId(), e);
        }
        try {
            Path taskFile = dir.resolve("task.json");
            Files.write(taskFile, MessageCodec.encode(task));
            List<String> commandLine = new ArrayList<>(command);
            commandLine.add("run-task");
            ProcessBuilder builder = new ProcessBuilder(commandLine)
                    .directory(dir.toFile())
                    .redirectError(dir.resolve("worker.log").toFile());
            builder.environment().putAll(environment);
            builder.environment().put(WorkerEnvironment.TASK_FILE, taskFile.toString());
            builder.environment().put(WorkerEnvironment.RESULT_FILE, dir.resolve("result.json").toString());
            builder.environment().put(WorkerEnvironment.WORK_DIR, Files.createDirectories(dir.resolve("scratch"))
                    .toString());
            Process process = builder.start();
            Files.writeString(dir.resolve("pid"), Long.toString(process.pid()));
            processes.put(task.taskId(), process.toHandle());
            observer.started(task.taskId());
            Thread reader = new Thread(() -> follow(task.taskId(), task.output().prefix(), process, observer),
                    "worker-" + task.taskId());
            reader.setDaemon(true);
            reader.start();
            return Outcome.STARTED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the worker of task " + task.taskId(), e);
        }
    }

    private void follow(String taskId, String prefix, Process process, WorkerObserver observer) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                parseProgress(line).ifPresent(progress -> observer.progressed(taskId, progress));
            }
            boolean exited = process.waitFor(maxDurationSeconds, TimeUnit.SECONDS);
            WorkerResult result;
            if (!exited) {
                process.destroyForcibly().waitFor();
                result = new WorkerResult(TaskState.ERROR, null, null, new TaskError(ErrorCode.MAX_DURATION,
                        "the worker ran longer than " + maxDurationSeconds + " s"));
            } else {
                result = resultOf(tasksDir.resolve(taskId), process.exitValue());
            }
            processes.remove(taskId);
            if (cancelled.remove(taskId)) {
                markReported(taskId);
                return;
            }
            observer.finished(taskId, prefix, result, () -> markReported(taskId));
        } catch (IOException e) {
            LOG.errorf("lost the output of the worker of task %s: %s", taskId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The worker's own result when it wrote one; otherwise one made from its exit code. */
    private static WorkerResult resultOf(Path dir, int exitCode) {
        Path resultFile = dir.resolve("result.json");
        if (Files.isRegularFile(resultFile)) {
            try {
                return MessageCodec.mapper().readValue(resultFile.toFile(), WorkerResult.class);
            } catch (IOException e) {
                LOG.warnf("the result file of task %s is unreadable", dir.getFileName());
            }
        }
        ErrorCode code = exitCode == WorkerExitCode.OK ? ErrorCode.WORKER_FAILED : WorkerExitCode.toErrorCode(exitCode);
        return new WorkerResult(TaskState.ERROR, null, null,
                new TaskError(code, "the worker exited with code " + exitCode + " without a result"));
    }

    private static Optional<Progress> parseProgress(String line) {
        if (!line.startsWith(WorkerEnvironment.PROGRESS_LINE_PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode node = MessageCodec.mapper().readTree(line.substring(WorkerEnvironment.PROGRESS_LINE_PREFIX.length()));
            return Optional.of(new Progress(node.path("phase").asText(), node.path("fraction").asDouble()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void markReported(String taskId) {
        try {
            Files.writeString(tasksDir.resolve(taskId).resolve("reported"), "");
        } catch (IOException e) {
            LOG.warnf("cannot mark task %s reported; a restart will report it again", taskId);
        }
    }

    @Override
    public int recover(WorkerObserver observer) {
        int stillRunning = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasksDir)) {
            for (Path dir : dirs) {
                String taskId = dir.getFileName().toString();
                if (Files.exists(dir.resolve("reported")) || processes.containsKey(taskId)) {
                    continue;
                }
                Optional<ProcessHandle> alive = pidOf(dir).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
                TaskRequest task = MessageCodec.decode(Files.readAllBytes(dir.resolve("task.json")), TaskRequest.class);
                if (alive.isPresent()) {
                    stillRunning++;
                    processes.put(taskId, alive.get());
                    LOG.infof("re-attached to the worker of task %s", taskId);
                    alive.get().onExit().thenRun(() -> {
                        processes.remove(taskId);
                        if (cancelled.remove(taskId)) {
                            markReported(taskId);
                            return;
                        }
                        observer.finished(taskId, task.output().prefix(), resultOf(dir, WorkerExitCode.FAILED),
                                () -> markReported(taskId));
                    });
                } else if (Files.isRegularFile(dir.resolve("result.json"))) {
                    observer.finished(taskId, task.output().prefix(), resultOf(dir, WorkerExitCode.OK),
                            () -> markReported(taskId));
                } else {
                    observer.lost(taskId, () -> markReported(taskId));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the work directory " + tasksDir, e);
        }
        return stillRunning;
    }

    private static Optional<Long> pidOf(Path dir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("pid")).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean cancel(String taskId) {
        ProcessHandle process = processes.remove(taskId);
        if (process == null) {
            return false;
        }
        cancelled.add(taskId);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return true;
    }

    @Override
    public boolean isRunning(String taskId) {
        return processes.containsKey(taskId);
    }

    @Override
    public int running() {
        return processes.size();
    }
}
