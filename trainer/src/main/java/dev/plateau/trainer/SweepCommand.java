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
import dev.plateau.api.v1alpha1.TrainingSweepStatus;
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
      "Runs a TrainingSweep manifest locally, losing trials pruned as the operator would.",
      "",
      "Parallelism trials are open at once and train one epoch each in turn. Each trial's run"
          + " folder is RUNS_DIR/<sweep>/<trial>/; the sweep's status is"
          + " RUNS_DIR/<sweep>/sweep.json."
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

  @Option(
      names = "--resume",
      description = "Continue an unfinished sweep: its trials from their last/, then the rest.")
  boolean resume;

  @Option(
      names = "--restart",
      description =
          "Start afresh although the sweep's folder holds an unfinished sweep (it is moved aside,"
              + " not deleted).")
  boolean restart;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (threads != null && threads < 1) {
      throw new InvalidInputException("--threads must be 1 or more, not " + threads);
    }
    if (resume && restart) {
      throw new InvalidInputException("--resume and --restart exclude each other: choose one");
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
    // The data is found before any folder is touched or any trial starts (all trials share it).
    TrainerConfig first =
        TrainerConfig.fromSpec(TrainingSweep.trialName(name, 0), plan.trialSpec(0));
    DataLocation.local(first.getDataset(), root, runsDir);
    RunLock.Taken taken = RunLock.acquire(runsDir, name, Duration.ZERO);
    if (taken.lock().isEmpty()) {
      throw new InvalidInputException(
          runsDir.resolve(name) + " is in use by " + taken.holder() + ": wait for it to end");
    }
    try (RunLock lock = taken.lock().get()) {
      Path folder = runsDir.resolve(name);
      List<TrialRecord> trials = previousTrials(folder, plan, name, out);
      String uid =
          trials.isEmpty()
              ? "local-" + UUID.randomUUID()
              : RunDirectory.readManifest(folder).orElseThrow().runUid();
      Path sweepDir = RunDirectory.open(runsDir, name, uid, "local", err::println);
      out.println(describe(sweep, plan, sweepDir, chosen, cpuThreads));
      if (plan.monitor() != sweep.getSpec().getTemplate().getEarlyStopping().monitorOrDefault()) {
        err.println(
            "warning: the sweep ranks trials on "
                + plan.monitor()
                + " but each trial's early stopping, and so its best checkpoint, follows "
                + sweep.getSpec().getTemplate().getEarlyStopping().monitorOrDefault()
                + ": set the objective's monitor to the template's, or the template's to the"
                + " objective's, for the two to agree");
      }
      out.flush();
      err.flush();
      SweepLedger ledger = new SweepLedger(name, plan, trials);
      LocalSweep local =
          new LocalSweep(
              ledger,
              sweepDir,
              (trial, interruption, reporter) ->
                  TrainingSession.run(
                      () -> setup(plan, trial, interruption, sweepDir, root, chosen, err),
                      List.of(reporter)),
              line -> {
                boolean problem = line.contains("  failed") || line.contains("warning: ");
                boolean chatter = line.contains("  epoch ") || line.contains("  pruned: ");
                if (problem || !quiet || !chatter) {
                  PrintWriter to = problem ? err : out;
                  synchronized (out) {
                    to.println(line);
                    to.flush();
                  }
                }
              });
      // Ctrl-C: every trial stops at its next batch (last/ saved), the leaderboard of what ran
      // is printed, exit 130; a second Ctrl-C ends at once. SIGTERM: the same through the
      // shutdown hook, which waits (at most 30 s) for the leaderboard.
      java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean asked =
          new java.util.concurrent.atomic.AtomicBoolean();
      sun.misc.Signal.handle(
          new sun.misc.Signal("INT"),
          sig -> {
            if (asked.getAndSet(true)) {
              Runtime.getRuntime().halt(ExitCodes.INTERRUPTED_BY_USER);
            }
            local.stop("SIGINT");
          });
      Thread hook =
          new Thread(
              () -> {
                local.stop("SIGTERM");
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
        if (local.stoppedBy() != null) {
          out.println(
              "resume with: "
                  + RunCommand.launcher()
                  + " sweep "
                  + manifest
                  + " --resume"
                  + (runsDir.equals(Path.of("runs")) ? "" : " --runs-dir " + runsDir)
                  + (dataRoot == null ? "" : " --data-root " + dataRoot));
        }
        out.flush();
      } finally {
        printed.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // SIGTERM: the JVM is going down; the hook has released it.
      }
      if (local.stoppedBy() != null) {
        return "SIGINT".equals(local.stoppedBy())
            ? ExitCodes.INTERRUPTED_BY_USER
            : ExitCodes.INTERRUPTED;
      }
      return standings.best() != null ? ExitCodes.FINISHED : ExitCodes.FAILED;
    }
  }

  /**
   * The trials of an unfinished sweep in {@code folder}, to continue with --resume; empty to start
   * afresh (none there, finished, or --restart: the old folder is then moved aside). An unfinished
   * sweep is never set aside by accident: that needs --restart.
   */
  private List<TrialRecord> previousTrials(
      Path folder, SweepPlan plan, String name, PrintWriter out) throws java.io.IOException {
    Path file = folder.resolve(LocalSweep.STATUS_FILE);
    if (!java.nio.file.Files.exists(file)) {
      if (resume) {
        out.println("nothing to resume in " + folder + "; starting afresh");
      }
      return new ArrayList<>();
    }
    TrainingSweepStatus status =
        dev.plateau.api.contract.ContractJson.read(
            java.nio.file.Files.readString(file), TrainingSweepStatus.class);
    List<TrialRecord> trials = new ArrayList<>(status.getTrials());
    boolean unfinished =
        trials.size() < plan.trialCount()
            || trials.stream().anyMatch(t -> t.getState() == null || !t.getState().ended());
    if (!unfinished) {
      if (resume) {
        out.println(folder + " holds a finished sweep; starting afresh");
      }
      return new ArrayList<>();
    }
    if (restart) {
      return new ArrayList<>();
    }
    if (!resume) {
      throw new InvalidInputException(
          folder
              + " holds an unfinished sweep of "
              + name
              + ": continue it with --resume, or start afresh with --restart (the old one is"
              + " moved aside, not deleted)");
    }
    return trials;
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
    // A resumed trial keeps its folder's UID, so its last/ is continued, not set aside.
    String uid =
        RunDirectory.readManifest(runDir)
            .map(RunDirectory.RunManifest::runUid)
            .orElse("local-" + UUID.randomUUID());
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
        DataLocation.local(config.getDataset(), root, runsDir),
        DataLocation.localModel(config.getModel().getTorchscript(), root, runsDir),
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
   * Every value and every trial's spec must make a valid TrainingRun: checked before the first
   * trial trains, so a value the template cannot take stops the sweep at once, named.
   */
  private void refuseInvalidTrials(SweepPlan plan, String name) {
    List<String> problems = plan.trialProblems(name, 5);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          manifest
              + ": the sweep would make invalid TrainingRuns (narrow the parameters, or fix the"
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
        "plateau: sweep %s: %d %s%s, %d at a time, %s on %s %s, %s; trials in %s",
        sweep.getMetadata().getName(),
        plan.trialCount(),
        plan.trialCount() == 1 ? "trial" : "trials",
        plan.trialCount() < sweep.getSpec().maxTrialsOrDefault()
            ? " (the whole grid; maxTrials is " + sweep.getSpec().maxTrialsOrDefault() + ")"
            : "",
        Math.min(plan.parallelism(), plan.trialCount()),
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
