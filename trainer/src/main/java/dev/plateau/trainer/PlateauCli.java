package dev.plateau.trainer;

import dev.plateau.api.contract.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code plateau} command: run (local), train (in a pod), evaluate (a checkpoint). */
@Command(
    name = "plateau",
    mixinStandardHelpOptions = true,
    versionProvider = PlateauCli.Version.class,
    description = "Trains models and stops them when they stop getting better.",
    subcommands = {
      RunCommand.class,
      SweepCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      HistoryCommand.class,
      PlotCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:finished (stopped early or reached maxEpochs)",
      "1:failed (anything unexpected)",
      "2:invalid manifest, config or data",
      "3:the monitored metric became NaN or infinite, or was never finite",
      "130:stopped by Ctrl-C after saving last/ (plateau run, plateau sweep)",
      "143:stopped by SIGTERM after saving last/"
    })
public final class PlateauCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Plateau's error handling: a sentence, not a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PlateauCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InvalidInputException) {
            commandLine.getErr().println("plateau: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
          }
          commandLine.getErr().println("plateau: " + e);
          return ExitCodes.FAILED;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine().getErr().println("plateau: " + e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return ExitCodes.INVALID_INPUT;
        });
    return cli;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PlateauCli.class.getPackage().getImplementationVersion();
      return new String[] {"plateau " + (v == null ? "(development build)" : v)};
    }
  }
}
