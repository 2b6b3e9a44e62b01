package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.contract.TrainerEnv;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foreign trainer's stdlib reporting module (examples/foreign-trainer/plateau_report.py), run
 * by python3 against the fabric8 mock API server: what it writes is what the operator reads.
 */
class ForeignTrainerIT {

  static final Path FOLDER = Repo.path("examples/foreign-trainer");
  static final String UID = "3f6c2a9e-8d7b-4c1e-9a55-0d2b7e4f1a10";

  private MockApiServer api;
  @TempDir Path tmp;

  @BeforeEach
  void start() {
    assumeTrue(hasPython("python3"), "python3 is not installed: the reporter is not run");
    api = new MockApiServer();
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void oneAuthenticatedPatchLeavesASnapshotTheOperatorReads() throws Exception {
    Result run =
        python(
            """
            import plateau_report as p
            history = [p.epoch_record(epoch=e, trainLoss=1.0 / e, valLoss=1.2 / e,
                valAccuracy=0.5 + e / 100, learningRate=0.001, epochSeconds=2.5,
                samplesPerSecond=1000.0, improved=True, epochsSinceImprovement=0, time=p.now())
                for e in range(1, 26)]
            snapshot = p.progress_snapshot(history, runUid="%s", epoch=25, maxEpochs=50,
                monitor="val_loss", mode="min", monitorValue=0.048, bestEpoch=25,
                bestMetric=0.048, epochsSinceImprovement=0, patience=5, trainLoss=0.04,
                valLoss=0.048, valAccuracy=0.75, learningRate=0.001, epochSeconds=2.5,
                samplesPerSecond=float("inf"))
            assert p.Reporter().report(snapshot)
            """
                .formatted(UID));
    assertThat(run.exitCode).as(run.output).isZero();

    assertThat(api.requests()).hasSize(1);
    MockApiServer.Request patch = api.requests().get(0);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.path())
        .isEqualTo(
            "/api/v1/namespaces/"
                + MockApiServer.NAMESPACE
                + "/configmaps/"
                + MockApiServer.CONFIGMAP);
    assertThat(patch.contentType()).startsWith("application/merge-patch+json");
    assertThat(patch.authorization()).isEqualTo("Bearer test-token");

    String json = api.configMapData().get(TrainerPaths.PROGRESS_KEY);
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(16 * 1024);
    ProgressSnapshot snapshot = ContractJson.read(json, ProgressSnapshot.class);
    assertThat(snapshot.getRunUid()).isEqualTo(UID);
    assertThat(snapshot.getEpoch()).isEqualTo(25);
    assertThat(snapshot.getMaxEpochs()).isEqualTo(50);
    assertThat(snapshot.getMonitor()).isEqualTo(Monitor.VAL_LOSS);
    assertThat(snapshot.getMode()).isEqualTo(Mode.MIN);
    assertThat(snapshot.getValLoss()).isEqualTo(0.048);
    assertThat(snapshot.getBestEpoch()).isEqualTo(25);
    assertThat(snapshot.getPatience()).isEqualTo(5);
    assertThat(snapshot.getUpdatedAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    // Infinity has no JSON: the field is left out, as the operator would drop it.
    assertThat(snapshot.getSamplesPerSecond()).isNull();
    // 25 epochs trained, the newest 20 kept.
    assertThat(snapshot.getHistory()).hasSize(ProgressSnapshot.HISTORY_LIMIT);
    assertThat(snapshot.getHistory().get(0).getEpoch()).isEqualTo(6);
    assertThat(snapshot.getHistory().get(19).getValAccuracy()).isEqualTo(0.75);
  }

  @Test
  void theLastWordReachesTheConfigMapTheVolumeAndTheTerminationLog() throws Exception {
    Path runDir = tmp.resolve("checkpoints/fashion-mlp");
    Path log = tmp.resolve("termination-log");
    Result run =
        python(
            """
            import plateau_report as p
            result = p.training_result(stopReason="EarlyStopped", epochs=12, monitor="val_loss",
                mode="min", bestEpoch=8, bestMetric=0.31, message="x" * 10000,
                bestCheckpoint={"claimName": "fashion-mlp-checkpoints", "path": "fashion-mlp/best"})
            snapshot = p.progress_snapshot(runUid="%s", epoch=12, bestEpoch=8, bestMetric=0.31)
            assert p.Reporter().finish(snapshot, result)
            p.write_result("%s", result)
            p.write_termination_message("EarlyStopped", result["message"], result)
            """
                .formatted(UID, runDir));
    assertThat(run.exitCode).as(run.output).isZero();

    TrainingResult inConfigMap =
        ContractJson.read(api.configMapData().get(TrainerPaths.RESULT_KEY), TrainingResult.class);
    assertThat(inConfigMap.getStopReason()).isEqualTo(StopReason.EarlyStopped);
    assertThat(inConfigMap.getBestCheckpoint().getPath()).isEqualTo("fashion-mlp/best");
    TrainingResult onVolume =
        ContractJson.read(
            Files.readString(runDir.resolve(TrainerPaths.RESULT_FILE)), TrainingResult.class);
    assertThat(onVolume.getBestEpoch()).isEqualTo(8);

    byte[] message = Files.readAllBytes(log);
    assertThat(message.length).isLessThanOrEqualTo(TerminationMessage.MAX_BYTES);
    TerminationMessage last =
        ContractJson.read(new String(message, StandardCharsets.UTF_8), TerminationMessage.class);
    assertThat(last.reason()).isEqualTo("EarlyStopped");
    assertThat(last.result().getBestMetric()).isEqualTo(0.31);
  }

  @Test
  void aStopRequestReachesThePythonTrainerThroughItsOwnPatch() throws Exception {
    Result before =
        python(
            """
            import plateau_report as p
            r = p.Reporter()
            assert r.report(p.progress_snapshot(runUid="%s", epoch=1))
            print("stop:", r.stop_requested())
            """
                .formatted(UID));
    assertThat(before.output).as(before.output).contains("stop: None");

    api.putConfigMapData(
        TrainerPaths.STOP_KEY,
        ContractJson.write(new StopRequest("Pruned", "ASHA: not in the top 1/3")));
    Result after =
        python(
            """
            import plateau_report as p
            r = p.Reporter()
            assert r.report(p.progress_snapshot(runUid="%s", epoch=2))
            print("stop:", r.stop_requested()["reason"], r.stop_requested()["message"])
            """
                .formatted(UID));

    assertThat(after.exitCode).as(after.output).isZero();
    assertThat(after.output).contains("stop: Pruned ASHA: not in the top 1/3");
    assertThat(Repo.read("examples/foreign-trainer/plateau_report.py"))
        .contains("STOP_KEY = \"" + TrainerPaths.STOP_KEY + "\"");
  }

  @Test
  void anUnreachableApiServerNeverStopsTraining() throws Exception {
    Result run =
        python(
            """
            import plateau_report as p
            r = p.Reporter()
            assert not r.report(p.progress_snapshot(runUid="u", epoch=1))
            # backing off: the next snapshot is not even tried yet
            assert not r.report(p.progress_snapshot(runUid="u", epoch=2))
            print("training goes on")
            """,
            Map.of("PLATEAU_API_SERVER", "http://127.0.0.1:9"));
    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("training goes on").contains("cannot patch");
  }

  @Test
  void aMisspeltFieldIsRefusedBeforeItIsSent() throws Exception {
    Result run = python("import plateau_report as p\np.progress_snapshot(runUid='u', epoh=1)\n");
    assertThat(run.exitCode).isNotZero();
    assertThat(run.output).contains("not fields of a progress snapshot: ['epoh']");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void aBadConfigExitsWithInvalidInput() throws Exception {
    Result run =
        run(
            List.of(
                "python3", "train.py", "train", "--config", tmp.resolve("none.json").toString()),
            Map.of());
    assertThat(run.exitCode).isEqualTo(ExitCodes.INVALID_INPUT);
    TerminationMessage last =
        ContractJson.read(
            Files.readString(tmp.resolve("termination-log")), TerminationMessage.class);
    assertThat(last.reason()).isEqualTo("InvalidInput");
    assertThat(last.message()).contains("none.json");
  }

  @Test
  void trainsOnRealFashionMnistAndReportsAsTheContractSays() throws Exception {
    String python = pythonWithTorch();
    if (python == null && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "python3 cannot import torch: CI installs Debian's python3-torch (.ci/run)");
    }
    assumeTrue(python != null, "no python3 with torch here: the foreign trainer is not run");
    Path data = Path.of("/usr/share/datasets");
    assumeTrue(
        Files.exists(data.resolve("fashion-mnist/train-images-idx3-ubyte.gz")),
        "Debian's dataset-fashion-mnist is not installed: the foreign trainer is not run");

    // The example's own run, rendered as the operator renders it, on a slice and for 3 epochs.
    TrainingRun run =
        RenderedChart.YAML.readValue(
            FOLDER.resolve("trainingrun.yaml").toFile(), TrainingRun.class);
    run.getSpec().getDataset().setMaxSamples(3000);
    run.getSpec().getTraining().setMaxEpochs(3);
    String name = run.getMetadata().getName();
    Path config = tmp.resolve("config.json");
    Files.writeString(config, ContractJson.write(TrainerConfig.fromSpec(name, run.getSpec())));

    Result result =
        run(
            List.of(python, "train.py", "train", "--config", config.toString()),
            Map.of(
                TrainerEnv.RUN_NAME,
                name,
                TrainerEnv.DATA_ROOT,
                data.toString(),
                "OMP_NUM_THREADS",
                "2"));
    assertThat(result.exitCode).as(result.output).isEqualTo(ExitCodes.FINISHED);

    TrainingResult end =
        ContractJson.read(api.configMapData().get(TrainerPaths.RESULT_KEY), TrainingResult.class);
    assertThat(end.getStopReason()).isIn(StopReason.EarlyStopped, StopReason.MaxEpochsReached);
    ProgressSnapshot last =
        ContractJson.read(
            api.configMapData().get(TrainerPaths.PROGRESS_KEY), ProgressSnapshot.class);
    assertThat(last.getRunUid()).isEqualTo(UID);
    assertThat(last.getEpoch()).isEqualTo(end.getEpochs());
    assertThat(last.getHistory()).hasSize(end.getEpochs());
    assertThat(last.getMonitor()).isEqualTo(Monitor.VAL_ACCURACY);
    assertThat(last.getMode()).isEqualTo(Mode.MAX);
    assertThat(last.getBestMetric()).isBetween(0.5, 1.0); // accuracy of a real MLP, 10 classes
    Path runDir = tmp.resolve("checkpoints").resolve(name);
    assertThat(runDir.resolve("best/model.pt")).exists();
    assertThat(runDir.resolve(TrainerPaths.RESULT_FILE)).exists();
    TerminationMessage message =
        ContractJson.read(
            Files.readString(tmp.resolve("termination-log")), TerminationMessage.class);
    assertThat(message.reason()).isEqualTo(end.getStopReason().name());
    assertThat(end.getBestCheckpoint().getPath()).isEqualTo(name + "/best");
  }

  /** A python3 that can import torch (Debian's python3-torch serves), or null. */
  static String pythonWithTorch() {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      try {
        if (exec(List.of(python, "-c", "import torch"), Map.of(), 60).exitCode == 0) {
          return python;
        }
      } catch (IOException | InterruptedException e) {
        // not this one
      }
    }
    return null;
  }

  record Result(int exitCode, String output) {}

  private Result python(String code) throws Exception {
    return python(code, Map.of());
  }

  private Result python(String code, Map<String, String> extraEnv) throws Exception {
    return run(List.of("python3", "-c", code), extraEnv);
  }

  /** Runs in the example's folder with the environment the operator gives a trainer pod. */
  Result run(List<String> command, Map<String, String> extraEnv) throws Exception {
    Path account = tmp.resolve("serviceaccount");
    Files.createDirectories(account);
    Files.writeString(account.resolve("token"), "test-token\n");
    Map<String, String> env = new HashMap<>();
    env.put(TrainerEnv.RUN_NAME, "fashion-mlp");
    env.put(TrainerEnv.RUN_NAMESPACE, MockApiServer.NAMESPACE);
    env.put(TrainerEnv.RUN_UID, UID);
    env.put(TrainerEnv.PROGRESS_CONFIGMAP, MockApiServer.CONFIGMAP);
    env.put(TrainerEnv.CHECKPOINT_ROOT, tmp.resolve("checkpoints").toString());
    env.put("PLATEAU_API_SERVER", api.url());
    env.put("PLATEAU_SERVICE_ACCOUNT_DIR", account.toString());
    env.put("PLATEAU_TERMINATION_LOG", tmp.resolve("termination-log").toString());
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.putAll(extraEnv);
    return exec(command, env, 60);
  }

  static Result exec(List<String> command, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    // Output goes to a file, so that a process that hangs cannot block the test past its timeout.
    Path output = Files.createTempFile("plateau-python", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(FOLDER.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            command + " did not end in " + timeoutSeconds + " s: " + Files.readString(output));
      }
      return new Result(process.exitValue(), Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static boolean hasPython(String python) {
    try {
      return exec(List.of(python, "--version"), Map.of(), 30).exitCode == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
