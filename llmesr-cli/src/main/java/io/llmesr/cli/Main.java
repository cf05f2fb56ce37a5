package io.llmesr.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;

/**
 * The {@code llmesr} command. Each verb is one step of the pipeline (see {@code docs/cli.md}, generated from these
 * commands by {@link CliDocs}) and a thin layer over a core API call. Exit codes: 0 success, 2 usage error, 1 failure
 * (bad input, I/O).
 */
@Command(name = "llmesr", mixinStandardHelpOptions = true, version = "llmesr 0.1.0",
    description = "LLM-ESR for Java: LLM-enhanced long-tailed sequential recommendation.",
    footer = {"", "Each verb documents itself: llmesr VERB --help.", "All verbs on one page: docs/cli.md."},
    subcommands = {
        DoctorCommand.class,
        PrepareCommand.class,
        DescribeCommand.class,
        EmbedCommand.class,
        PcaCommand.class,
        SimilarUsersCommand.class,
        TrainCommand.class,
        EvaluateCommand.class,
        ExperimentCommand.class,
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

  /**
   * Options renamed so that every option name has one meaning across the verbs: verb, then old name to new name. A
   * removed name is not an alias; using it gets an error that names its successor.
   */
  static final Map<String, Map<String, String>> RENAMED = Map.of(
      "prepare", Map.of("--k", "--kcore", "--split", "--split-protocol"),
      "embed", Map.of("--dim", "--expected-dim"),
      "evaluate", Map.of("--out", "--json-file"),
      "baseline", Map.of("--out", "--json-file", "--seed", "--eval-seed"),
      "aggregate", Map.of("--out", "--markdown-file"),
      "compare", Map.of("--k", "--cutoff"),
      "recommend", Map.of("--input", "--requests"),
      "evaluate-cold-start", Map.of("--out", "--markdown-file"));

  /** Runs the command line and returns its exit code (used by the end-to-end tests). */
  public static int execute(String... args) {
    io.llmesr.run.EngineInfo.quietCudaProbeWithoutGpu();
    return newCommandLine().execute(args);
  }

  /** The {@code llmesr} command line with its error handling: failures print one line and exit 1. */
  static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new Main());
    for (CommandLine verb : cl.getSubcommands().values()) {
      verb.getCommandSpec().version(cl.getCommandSpec().version());   // llmesr VERB --version
    }
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + ex.getMessage());
      if (Boolean.getBoolean("llmesr.debug")) ex.printStackTrace(commandLine.getErr());
      return 1;
    });
    IParameterExceptionHandler standard = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((ex, args) -> {
      String hint = renamedHint(ex.getCommandLine().getCommandName(), args);
      if (hint == null) return standard.handleParseException(ex, args);
      CommandLine c = ex.getCommandLine();
      c.getErr().println("error: " + hint);
      c.getErr().println("see 'llmesr " + c.getCommandName() + " --help', or docs/cli.md for every verb");
      return c.getCommandSpec().exitCodeOnInvalidInput();
    });
    return cl;
  }

  /**
   * "llmesr VERB --old was renamed to --new" when the arguments of a command line that failed to parse hold an option
   * name that {@link #RENAMED} took away from {@code verb}, else null. (The old name is no option of the verb, so
   * whatever error picocli found, that name is part of it.)
   */
  static String renamedHint(String verb, String... args) {
    Map<String, String> renamed = RENAMED.getOrDefault(verb, Map.of());
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (renamed.containsKey(name)) {
        return "llmesr " + verb + " " + name + " was renamed to " + renamed.get(name)
            + " (each option name now has one meaning across the verbs)";
      }
    }
    return null;
  }
}
