package dev.plateau.trainer;

import ai.djl.Device;
import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.sweep.Asha;
import dev.plateau.api.sweep.Standings;
import dev.plateau.api.sweep.SweepLedger;
import dev.plateau.api.sweep.SweepPlan;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.PruningAlgorithm;
import dev.plateau.api.v1alpha1.PruningSpec;
import dev.plateau.api.v1alpha1.TrainingSweep;
import dev.plateau.api.v1alpha1.TrialRecord;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import dev.plateau.trainer.checkpoint.RunDirectory;
import dev.plateau.trainer.checkpoint.RunLock;
import dev.plateau.trainer.config.EngineSettings;
import dev.plateau.trainer.config.ManifestLoader;
import dev.plateau.trainer.loop.TrainingSetup;
import dev.plateau.trainer.sweep.LocalSweep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plateau sweep}: a TrainingSweep in this process, with no cluster. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a TrainingSweep manifest locally: parallelism trials open at once, trained one epoch",
      "at a time in turn, losing trials pruned as the operator would; each trial's run folder",
      "under RUNS_DIR/<sweep>/, and the sweep's status in RUNS_DIR/<sweep>/sweep.json."
    })
public final class SweepCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MANIFEST", description = "A TrainingSweep YAML file.")
  Path manifest;

  @Option(
      names = "--data-root",
      paramLabel = "DIR",
      description = "Where dataset claims are found, as for plateau run.")
  Path dataRoot;

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      defaultValue = "runs",
      description = "Where the sweep's folder goes. Default: ${DEFAULT-VALUE}.")
  Path runsDir;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "CPU threads for libtorch. Default: all cores.")
  Integer threads;

  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "auto (a GPU when one is visible), cpu or gpu. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(names = "--quiet", description = "Print only the trials' endings and the leaderboard.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (threads != null && threads < 1) {
      throw new InvalidInputException("--threads must be 1 or more, not " + threads);
    }
    TrainingSweep sweep = ManifestLoader.loadSweep(manifest);
    String name = sweep.getMetadata().getName();
    SweepPlan plan;
    try {
      plan = SweepPlan.of(sweep.getSpec());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(manifest + ": " + e.getMessage(), e);
    }
    refuseInvalidTrials(plan, name);
    int cpuThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    EngineSettings.configure(cpuThreads);
    Device chosen = RunCommand.device(device);
    Path root = dataRoot != null ? dataRoot : RunCommand.defaultDataRoot();
    RunLock.Taken taken = RunLock.acquire(runsDir, name, Duration.ZERO);
    if (taken.lock().isEmpty()) {
      throw new InvalidInputException(
          runsDir.resolve(name) + " is in use by " + taken.holder() + ": wait for it to end");
    }
    try (RunLock lock = taken.lock().get()) {
      Path sweepDir =
          RunDirectory.open(runsDir, name, "local-" + UUID.randomUUID(), "local", out::println);
      out.println(describe(sweep, plan, sweepDir, chosen, cpuThreads));
      out.flush();
      SweepLedger ledger = new SweepLedger(name, plan, new ArrayList<>());
      LocalSweep local =
          new LocalSweep(
              ledger,
              sweepDir,
              (trial, interruption, reporter) ->
                  TrainingSession.run(
                      () -> setup(plan, trial, interruption, sweepDir, root, chosen, out),
                      List.of(reporter)),
              line -> {
                if (!quiet || !line.contains("  epoch ")) {
                  synchronized (out) {
                    out.println(line);
                    out.flush();
                  }
                }
              });
      // Ctrl-C or SIGTERM: every trial stops at its next batch (last/ saved), and the hook waits
      // (at most 30 s) for the leaderboard of what ran to be printed.
      java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                local.stop();
                try {
                  printed.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "plateau-sweep-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      long started = System.nanoTime();
      Standings standings;
      try {
        standings = local.run();
        out.println(leaderboard(ledger, standings, (System.nanoTime() - started) / 1e9));
        out.println("status: " + sweepDir.resolve(LocalSweep.STATUS_FILE));
        out.flush();
      } finally {
        printed.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the JVM is going down; the hook has released it.
      }
      return standings.best() != null ? ExitCodes.FINISHED : ExitCodes.FAILED;
    }
  }

  private TrainingSetup setup(
      SweepPlan plan,
      TrialRecord trial,
      dev.plateau.trainer.loop.Interruption interruption,
      Path sweepDir,
      Path root,
      Device chosen,
      PrintWriter out)
      throws java.io.IOException {
    TrainerConfig config =
        TrainerConfig.fromSpec(trial.getName(), plan.trialSpec(trial.getNumber()));
    Path runDir = sweepDir.resolve(trial.getName());
    String uid = "local-" + UUID.randomUUID();
    java.util.function.Consumer<String> say =
        line -> {
          if (line.startsWith("warning: ")) {
            synchronized (out) {
              out.println(trial.getName() + "  " + line);
              out.flush();
            }
          }
        };
    return new TrainingSetup(
        config,
        trial.getName(),
        uid,
        DataLocation.resolve(config.getDataset(), root, runsDir, RunCommand.hint(root)),
        DataLocation.model(
            config.getModel().getTorchscript(),
            root,
            runsDir,
            ": model.torchscript.path is resolved against the data root (now "
                + root
                + "); pass --data-root DIR"),
        runDir,
        chosen,
        new CheckpointRef(null, runDir.resolve(TrainerPaths.BEST_DIR).toString()),
        interruption,
        AtomicFiles.StepHook.NONE,
        Clock.systemUTC(),
        say,
        TrainingSetup.Diagnostics.NONE,
        dir -> RunDirectory.open(sweepDir, trial.getName(), uid, "local", say));
  }

  /**
   * Every trial's spec must be a valid TrainingRun: checked before the first trial trains, so a
   * value the template cannot take stops the sweep at once and names the trial.
   */
  private void refuseInvalidTrials(SweepPlan plan, String name) {
    List<String> problems = plan.trialProblems(name, 5);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          manifest
              + ": some trials would not be valid TrainingRuns (narrow the parameters, or fix the"
              + " template):\n  "
              + String.join("\n  ", problems));
    }
  }

  private static String describe(
      TrainingSweep sweep, SweepPlan plan, Path sweepDir, Device device, int threads) {
    PruningSpec pruning = sweep.getSpec().pruningOrDefault();
    String pruner =
        switch (pruning.algorithmOrDefault()) {
          case NONE -> "no pruning";
          case MEDIAN ->
              "median rule from epoch "
                  + pruning.gracePeriodOrDefault()
                  + " with "
                  + pruning.minTrialsOrDefault()
                  + " other trials";
          case ASHA ->
              "ASHA with rungs at "
                  + new Asha(
                          pruning.gracePeriodOrDefault(),
                          pruning.reductionFactorOrDefault(),
                          plan.mode(),
                          sweep.getSpec().getTemplate().getTraining().maxEpochsOrDefault())
                      .rungs()
                  + " epochs";
        };
    return String.format(
        Locale.ROOT,
        "plateau: sweep %s: %d trials, %d at a time, %s on %s %s, %s; trials in %s",
        sweep.getMetadata().getName(),
        plan.trialCount(),
        plan.parallelism(),
        pruning.algorithmOrDefault() == PruningAlgorithm.NONE ? "no pruning" : pruner,
        plan.monitor(),
        plan.mode(),
        device.isGpu()
            ? "on GPU " + device.getDeviceId()
            : "on the CPU with " + threads + " threads",
        sweepDir);
  }

  /** The leaderboard: every trial with a best value, best first, then the totals. */
  static String leaderboard(SweepLedger ledger, Standings standings, double seconds) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%n%-4s %-24s %-9s %6s %10s %8s  %s%n",
            "rank",
            "trial",
            "state",
            "epochs",
            "best",
            "test acc",
            "parameters"));
    List<TrialRecord> ranked =
        dev.plateau.api.sweep.Standings.of(ledger.trials(), ledger.plan().mode(), Integer.MAX_VALUE)
            .leaderboard();
    int rank = 1;
    for (TrialRecord t : ranked) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-4d %-24s %-9s %6d %10s %8s  %s%n",
              rank++,
              t.getName(),
              t.getState(),
              t.getValues().size(),
              String.format(Locale.ROOT, "%.4f", t.getBestValue()),
              t.getTestAccuracy() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f%%", 100 * t.getTestAccuracy()),
              t.getParameters().entrySet().stream()
                  .map(e -> e.getKey().substring(e.getKey().indexOf('.') + 1) + "=" + e.getValue())
                  .collect(Collectors.joining(" "))));
    }
    int epochs = ledger.trials().stream().mapToInt(t -> t.getValues().size()).sum();
    b.append(
        String.format(
            Locale.ROOT,
            "%d trials: %d completed, %d pruned, %d failed; %d epochs trained in %.0f s",
            standings.created(),
            standings.completed(),
            standings.pruned(),
            standings.failed(),
            epochs,
            seconds));
    return b.toString();
  }
}
