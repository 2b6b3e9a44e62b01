package dev.plateau.trainer;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.contract.TrainerEnv;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import dev.plateau.trainer.checkpoint.RunDirectory;
import dev.plateau.trainer.checkpoint.RunLock;
import dev.plateau.trainer.config.EngineSettings;
import dev.plateau.trainer.loop.Interruption;
import dev.plateau.trainer.loop.TrainingSetup;
import dev.plateau.trainer.progress.ConsoleReporter;
import dev.plateau.trainer.progress.ProgressConfigMapReporter;
import dev.plateau.trainer.progress.ProgressReporter;
import dev.plateau.trainer.progress.TerminationMessageWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plateau train}: what the run's Job runs; the run's identity comes from the environment.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Trains as the operator's Job does: config from a file, identity from the environment.")
public final class TrainCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = TrainerPaths.CONFIG_FILE,
      description = "The rendered trainer config. Default: ${DEFAULT-VALUE}.")
  Path config;

  @Override
  public Integer call() {
    Pod pod = Pod.fromEnvironment(config, System.getenv());
    Interruption interruption = new Interruption().onShutdown(Duration.ofSeconds(45));
    try {
      return train(pod, interruption, null).exitCode();
    } finally {
      interruption.finished();
    }
  }

  /**
   * Where the trainer runs: its identity and mounts.
   *
   * @param configFile the rendered trainer config
   * @param runName the run's name
   * @param namespace the run's namespace
   * @param runUid the run's UID
   * @param dataRoot where the dataset claim is mounted
   * @param checkpointRoot where the checkpoint claim is mounted
   * @param progressConfigMap the ConfigMap to report progress to; null for none
   * @param terminationLog where the termination message goes
   * @param cpuThreads threads libtorch may use; null for all cores
   */
  public record Pod(
      Path configFile,
      String runName,
      String namespace,
      String runUid,
      Path dataRoot,
      Path checkpointRoot,
      String progressConfigMap,
      Path terminationLog,
      Integer cpuThreads) {

    /** The same pod with its termination message written elsewhere (tests, local trials). */
    public Pod withTerminationLog(Path file) {
      return new Pod(
          configFile,
          runName,
          namespace,
          runUid,
          dataRoot,
          checkpointRoot,
          progressConfigMap,
          file,
          cpuThreads);
    }

    /** Reads the environment the operator sets on the trainer container. */
    public static Pod fromEnvironment(Path configFile, Map<String, String> env) {
      return new Pod(
          configFile,
          required(env, TrainerEnv.RUN_NAME),
          env.getOrDefault(TrainerEnv.RUN_NAMESPACE, "default"),
          required(env, TrainerEnv.RUN_UID),
          Path.of(env.getOrDefault(TrainerEnv.DATA_ROOT, TrainerPaths.DATA_ROOT)),
          Path.of(env.getOrDefault(TrainerEnv.CHECKPOINT_ROOT, TrainerPaths.CHECKPOINT_ROOT)),
          env.get(TrainerEnv.PROGRESS_CONFIGMAP),
          Path.of(TrainerPaths.TERMINATION_LOG),
          env.containsKey(TrainerEnv.CPU_THREADS)
              ? Integer.valueOf(env.get(TrainerEnv.CPU_THREADS))
              : null);
    }

    private static String required(Map<String, String> env, String name) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw new InvalidInputException(
            name
                + " is not set: plateau train runs in the pod the operator creates; for a"
                + " local training use plateau run MANIFEST");
      }
      return value;
    }
  }

  /**
   * Trains in this process. The end-to-end tests call it directly with a mock API server's client.
   *
   * @param client the client for progress reports; null to build the in-cluster one
   */
  public static TrainingSession.Outcome train(
      Pod pod, Interruption interruption, KubernetesClient client) {
    List<ProgressReporter> reporters = new ArrayList<>();
    reporters.add(
        new ConsoleReporter(
            new java.io.PrintWriter(System.out, true),
            new java.io.PrintWriter(System.err, true),
            false));
    if (pod.progressConfigMap() != null) {
      reporters.add(
          client == null
              ? ProgressConfigMapReporter.inCluster(pod.namespace(), pod.progressConfigMap())
                  .onStopRequest(interruption::requestStop)
              : new ProgressConfigMapReporter(client, pod.namespace(), pod.progressConfigMap())
                  .onStopRequest(interruption::requestStop));
    }
    reporters.add(new TerminationMessageWriter(pod.terminationLog()));
    try {
      return TrainingSession.run(() -> setup(pod, interruption), reporters);
    } finally {
      // The process ends next; released here too for trainers run in-process (tests).
      if (held != null) {
        try {
          held.close();
        } catch (IOException e) {
          LOG.warn("releasing the run folder's lock: {}", e.toString());
        }
        held = null;
      }
    }
  }

  /** How long a new pod waits for an overlapping old one to release the run folder. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(120);

  /** The run folder's lock, held until the process ends. */
  private static RunLock held;

  private static TrainingSetup setup(Pod pod, Interruption interruption) throws IOException {
    TrainerConfig config = readConfig(pod.configFile());
    Integer threads = pod.cpuThreads() != null ? pod.cpuThreads() : config.getCpuThreads();
    EngineSettings.configure(threads == null ? 0 : threads);
    // An overlapping old pod (its grace period still running) may hold the folder: wait for it,
    // then fail with exit 1 so the Job retries, rather than interleave two writers.
    RunLock.Taken taken = RunLock.acquire(pod.checkpointRoot(), pod.runName(), LOCK_WAIT);
    if (taken.lock().isEmpty()) {
      throw new IOException(
          "the run folder "
              + pod.checkpointRoot().resolve(pod.runName())
              + " is still in use by "
              + taken.holder()
              + " after "
              + LOCK_WAIT.toSeconds()
              + " s; the Job retries");
    }
    held = taken.lock().get();
    Path runDir = pod.checkpointRoot().resolve(pod.runName());
    Path dataDir =
        DataLocation.resolve(
            config.getDataset(),
            pod.dataRoot(),
            pod.checkpointRoot(),
            ": check dataset.claimName and dataset.path");
    Path modelFile =
        DataLocation.model(
            config.getModel().getTorchscript(),
            Path.of(
                TrainerPaths.modelRoot(
                    config.getModel().getTorchscript() == null
                        ? null
                        : config.getModel().getTorchscript().getClaimName(),
                    config.getDataset().getClaimName())),
            pod.checkpointRoot(),
            ": check model.torchscript.claimName and path");
    var device = EngineSettings.deviceForPod(config.getGpus());
    LOG.info("training {} on {}", pod.runName(), device);
    return new TrainingSetup(
        config,
        pod.runName(),
        pod.runUid(),
        dataDir,
        modelFile,
        runDir,
        device,
        new CheckpointRef(config.getCheckpointClaim(), pod.runName() + "/" + TrainerPaths.BEST_DIR),
        interruption,
        AtomicFiles.StepHook.NONE,
        Clock.systemUTC(),
        LOG::info,
        TrainingSetup.Diagnostics.NONE,
        dir ->
            RunDirectory.open(
                pod.checkpointRoot(), pod.runName(), pod.runUid(), pod.namespace(), LOG::warn));
  }

  static TrainerConfig readConfig(Path file) {
    try {
      TrainerConfig config = ContractJson.read(Files.readString(file), TrainerConfig.class);
      if (!TrainerConfig.API_VERSION.equals(config.getApiVersion())) {
        throw new InvalidInputException(
            file
                + ": config is for "
                + config.getApiVersion()
                + ", this trainer reads "
                + TrainerConfig.API_VERSION
                + ": use a trainer image that matches the operator");
      }
      if (config.getModel() == null
          || config.getDataset() == null
          || config.getTraining() == null
          || config.getEarlyStopping() == null) {
        throw new InvalidInputException(
            file + ": config lacks model, dataset, training or earlyStopping");
      }
      return config;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          file + ": no such config file (is the config ConfigMap mounted?)");
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }
}
