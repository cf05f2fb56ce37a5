package io.llmesr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code llmesr} command. Each verb is one step of the pipeline (see {@code docs/cli.md}) and a thin
 * layer over a core API call. Exit codes: 0 success, 2 usage error, 1 failure (bad input, I/O).
 */
@Command(name = "llmesr", mixinStandardHelpOptions = true, version = "llmesr 0.1.0",
    description = "LLM-ESR for Java: LLM-enhanced long-tailed sequential recommendation.",
    subcommands = {
        DoctorCommand.class,
        PrepareCommand.class,
        DescribeCommand.class,
        EmbedCommand.class,
        PcaCommand.class,
        SimilarUsersCommand.class,
        TrainCommand.class,
        EvaluateCommand.class,
        CurvesCommand.class,
        BaselineCommand.class,
        AggregateCommand.class,
        QuickstartCommand.class,
        CompareCommand.class,
        ExportCommand.class,
        RecommendCommand.class,
        EvaluateColdStartCommand.class,
        ServeCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (used by the end-to-end tests). */
  public static int execute(String... args) {
    io.llmesr.run.EngineInfo.quietCudaProbeWithoutGpu();
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + ex.getMessage());
      if (Boolean.getBoolean("llmesr.debug")) ex.printStackTrace(commandLine.getErr());
      return 1;
    });
    return cl.execute(args);
  }
}
