package dev.airlock.worker;

import dev.airlock.common.contract.WorkerExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The worker program: one task in the secure zone, or the synthesizer on local files. */
@Command(name = "airlock-worker", mixinStandardHelpOptions = true, version = "airlock-worker 0.1.0", description = "Trains tabular synthesizers and generates synthetic data.", subcommands = {
        TrainCommand.class, GenerateCommand.class, EvaluateCommand.class, BenchmarkCommand.class, RunTaskCommand.class,
        KeygenCommand.class, LicenseCommand.class }, exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:done",
                "1:unexpected failure",
                "2:invalid input or configuration (named in the message)",
                "64:wrong command line" })
public final class WorkerCommand {

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the command line with Airlock's exit codes wired in */
    public static CommandLine commandLine() {
        return new CommandLine(new WorkerCommand())
                .setExitCodeExceptionMapper(WorkerCommand::exitCodeOf)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e.getMessage());
                    return exitCodeOf(e);
                })
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println("error: " + e.getMessage());
                    e.getCommandLine().usage(e.getCommandLine().getErr());
                    return WorkerExitCode.USAGE;
                });
    }

    private static int exitCodeOf(Throwable e) {
        return e instanceof dev.airlock.synth.InvalidInputException ? WorkerExitCode.INVALID_INPUT
                : WorkerExitCode.FAILED;
    }
}
