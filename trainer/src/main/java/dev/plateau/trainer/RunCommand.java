package dev.plateau.trainer;

import ai.djl.Device;
import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.contract.TrainerEnv;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import dev.plateau.trainer.checkpoint.RunDirectory;
import dev.plateau.trainer.checkpoint.RunLock;
import dev.plateau.trainer.config.EngineSettings;
import dev.plateau.trainer.config.ManifestLoader;
import dev.plateau.trainer.loop.Interruption;
import dev.plateau.trainer.loop.TrainingSetup;
import dev.plateau.trainer.progress.ConsoleReporter;
import dev.plateau.trainer.progress.JsonLinesReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plateau run}: the same training as on a cluster, in this process, with no cluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a TrainingRun manifest locally, as the operator's trainer would.",
      "",
      "Same trainer, same early stopping; checkpoints under RUNS_DIR/<name>/. Starts afresh"
          + " unless --resume is given."
    })
public final class RunCommand implements Callable<Integer> {

  /** Where Debian's dataset packages put their files (dataset-fashion-mnist among them). */
  static final String DEFAULT_DATA_ROOT = "/usr/share/datasets";

  @Parameters(index = "0", paramLabel = "MANIFEST", description = "A TrainingRun YAML file.")
  Path manifest;

  @Option(
      names = "--data-root",
      paramLabel = "DIR",
      description =
          "Where dataset claims are found: spec.dataset.path is resolved against it. Default:"
              + " $"
              + TrainerEnv.DATA_ROOT
              + ", else "
              + DEFAULT_DATA_ROOT
              + ".")
  Path dataRoot;

  @Option(names = "--resume", description = "Continue the run's last checkpoint.")
  boolean resume;

  @Option(
      names = "--restart",
      description =
          "Start afresh although the run folder holds an unfinished run (it is moved aside, not"
              + " deleted).")
  boolean restart;

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      defaultValue = "runs",
      description = "Where checkpoints go. Default: ${DEFAULT-VALUE}.")
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

  @Option(
      names = "--profile",
      description =
          "After each epoch, print the milliseconds per training step spent assembling the batch,"
              + " in forward, backward, the optimizer step and bookkeeping, and the seconds of the"
              + " training and validation passes (for benchmarks).")
  boolean profile;

  @Option(
      names = "--export-split",
      description =
          "Write split.json into the run folder: the training and validation sample indices, so"
              + " a reference implementation can use the same samples (for benchmarks).")
  boolean exportSplit;

  @Option(
      names = "--quiet",
      description = "Print only how the run ended; warnings still go to stderr.")
  boolean quiet;

  @Option(
      names = "--output",
      defaultValue = "text",
      description =
          "text, or json: one JSON object per epoch on stdout (as in metrics.jsonl), then the"
              + " result (as in result.json); everything else on stderr.")
  String output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (resume && restart) {
      throw new InvalidInputException("--resume and --restart exclude each other: choose one");
    }
    if (!output.equals("text") && !output.equals("json")) {
      throw new InvalidInputException("--output must be text or json, not " + output);
    }
    if (threads != null && threads < 1) {
      throw new InvalidInputException("--threads must be 1 or more, not " + threads);
    }
    TrainingRun run = ManifestLoader.load(manifest);
    String name = run.getMetadata().getName();
    int cpuThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    EngineSettings.configure(cpuThreads);
    TrainerConfig config = TrainerConfig.fromSpec(name, run.getSpec());
    Path root = dataRoot != null ? dataRoot : defaultDataRoot();
    Device chosen = device(device);
    Path runDir = runsDir.resolve(name);
    RunLock.Taken taken;
    try {
      taken = RunLock.acquire(runsDir, name, Duration.ZERO);
    } catch (java.nio.file.FileSystemException e) {
      throw new InvalidInputException(
          "cannot use --runs-dir "
              + runsDir
              + ": "
              + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
              + ": choose a folder you can write",
          e);
    }
    if (taken.lock().isEmpty()) {
      throw new InvalidInputException(
          runDir + " is in use by " + taken.holder() + ": wait for that run to end, or stop it");
    }
    try (RunLock lock = taken.lock().get()) {
      return train(out, config, name, root, chosen, cpuThreads, runDir);
    }
  }

  private int train(
      PrintWriter out,
      TrainerConfig config,
      String name,
      Path root,
      Device chosen,
      int cpuThreads,
      Path runDir)
      throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    boolean json = output.equals("json");
    // What the trainer says besides progress: stdout as text, stderr beside JSON; only warnings
    // (on stderr) with --quiet.
    java.util.function.Consumer<String> say =
        line -> {
          PrintWriter to = json || (quiet && line.startsWith("warning: ")) ? err : out;
          if (!quiet || line.startsWith("warning: ")) {
            to.println(line);
            to.flush();
          }
        };
    String uid = runUid(name, out, runDir);
    say.accept(
        String.format(
            Locale.ROOT,
            "plateau: training %s (%s) on %s%s",
            name,
            config.getModel().describe(),
            chosen.isGpu() ? "GPU " + chosen.getDeviceId() : "the CPU",
            chosen.isGpu() ? "" : " with " + cpuThreads + " threads"));
    Interruption interruption = new Interruption().onShutdown(Duration.ofSeconds(30)).onCtrlC();
    try {
      TrainingSession.Outcome outcome =
          TrainingSession.run(
              () ->
                  new TrainingSetup(
                      config,
                      name,
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
                      new TrainingSetup.Diagnostics(profile, exportSplit),
                      // Moving a run aside is always said, also with --quiet (on stderr then).
                      dir ->
                          RunDirectory.open(
                              runsDir,
                              name,
                              uid,
                              "local",
                              line -> {
                                PrintWriter to = json || quiet ? err : out;
                                to.println(line);
                                to.flush();
                              })),
              List.of(
                  json
                      ? new JsonLinesReporter(out, err)
                      : new ConsoleReporter(out, err, System.console() != null, !quiet)));
      if (outcome.exitCode() == ExitCodes.INTERRUPTED
          || outcome.exitCode() == ExitCodes.INTERRUPTED_BY_USER) {
        (json ? err : out)
            .println(
                "resume with: " + launcher() + " run " + manifest + " --resume" + sameFolders());
      }
      return outcome.exitCode();
    } finally {
      interruption.finished();
    }
  }

  /** How the user calls Plateau: the launcher script's path, else {@code plateau}. */
  static String launcher() {
    String launcher = System.getenv("PLATEAU_LAUNCHER");
    return launcher == null || launcher.isBlank() ? "plateau" : launcher;
  }

  /** The options a resume needs to find the same run folder again. */
  private String sameFolders() {
    StringBuilder options = new StringBuilder();
    if (!runsDir.equals(Path.of("runs"))) {
      options.append(" --runs-dir ").append(runsDir);
    }
    if (dataRoot != null) {
      options.append(" --data-root ").append(dataRoot);
    }
    return options.toString();
  }

  /**
   * The UID of the run this command trains: the folder's own with {@code --resume}, else a new one.
   * An unfinished run is never set aside by accident: that needs {@code --restart}.
   */
  private String runUid(String name, PrintWriter out, Path runDir) throws java.io.IOException {
    if (resume) {
      var manifest = RunDirectory.readManifest(runDir);
      if (manifest.isPresent()) {
        return manifest.get().runUid();
      }
      out.println("nothing to resume in " + runDir + "; starting afresh");
    } else if (!restart && RunDirectory.kind(runDir) == RunDirectory.Kind.UNFINISHED) {
      throw new InvalidInputException(
          runDir
              + " holds an unfinished run of "
              + name
              + ": continue it with --resume, or start afresh with --restart (the old run is"
              + " moved aside, not deleted)");
    }
    return "local-" + UUID.randomUUID();
  }

  /** The device an option names: auto, cpu or gpu. */
  static Device device(String device) {
    return switch (device) {
      case "cpu" -> Device.cpu();
      case "gpu" -> EngineSettings.deviceForPod(1);
      case "auto" -> EngineSettings.bestAvailable();
      default ->
          throw new InvalidInputException("--device must be auto, cpu or gpu, not " + device);
    };
  }

  static Path defaultDataRoot() {
    String fromEnv = System.getenv(TrainerEnv.DATA_ROOT);
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_DATA_ROOT);
  }
}
