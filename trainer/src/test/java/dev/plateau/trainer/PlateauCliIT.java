package dev.plateau.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.contract.TrainerEnv;
import dev.plateau.trainer.loop.Interruption;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI as users and the Job run it: exit codes, messages, files. */
class PlateauCliIT {

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  static Run plateau(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PlateauCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code plateau run} of the data slice: the test data, this test's runs folder, 2 threads. */
  private Run runSlice(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                manifest("slice", SLICE).toString(),
                "--data-root",
                TestData.dataRoot().toString(),
                "--runs-dir",
                dir.resolve("runs").toString(),
                "--threads",
                "2"));
    args.addAll(List.of(extra));
    return plateau(args.toArray(String[]::new));
  }

  private Path manifest(String name, String spec) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        "apiVersion: plateau.dev/v1alpha1\nkind: TrainingRun\nmetadata: {name: "
            + name
            + "}\nspec:\n"
            + spec);
    return file;
  }

  static final String SLICE =
      """
        model: {architecture: mlp, hiddenLayers: [32]}
        dataset: {format: idx, claimName: datasets, path: fashion-mnist, maxSamples: 1000}
        training: {maxEpochs: 3, batchSize: 50}
        earlyStopping: {patience: 5}
        checkpoints: {size: 1Gi}
      """;

  @Test
  void runTrainsLocallyAndPrintsAnEpochLineEachAndASummary() throws Exception {
    Run run = runSlice();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINISHED);
    assertThat(run.out())
        .contains("plateau: training slice (mlp) on the CPU with 2 threads")
        .contains("epoch   1/3  train_loss")
        .containsPattern("val_loss [\\d.]+  val_accuracy [\\d.]+  lr")
        .contains("epoch   3/3  train_loss")
        .contains("ran all 3 epochs; best val_loss")
        .contains("best checkpoint: " + dir.resolve("runs/slice/best"));
    assertThat(dir.resolve("runs/slice/result.json")).exists();

    Run evaluate =
        plateau(
            "evaluate",
            dir.resolve("runs/slice").toString(),
            "--data",
            TestData.fashionMnist().toString());
    assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
    assertThat(evaluate.out()).contains("test accuracy").contains("on 10000 samples");

    Run history = plateau("history", dir.resolve("runs/slice").toString());
    assertThat(history.exitCode()).as(history.err()).isZero();
    assertThat(history.out().lines())
        .hasSize(4)
        .first()
        .asString()
        .contains("epoch  train_loss    val_loss  val_accuracy");
    assertThat(history.out()).contains("<- best");
    Run csv = plateau("history", dir.resolve("runs/slice").toString(), "--output", "csv");
    assertThat(csv.out().lines())
        .hasSize(4)
        .first()
        .isEqualTo(String.join(",", HistoryCommand.COLUMNS));
    Run json = plateau("history", dir.resolve("runs/slice").toString(), "--output", "json");
    assertThat(json.out().lines()).hasSize(3).allMatch(l -> l.startsWith("{\"epoch\":"));
    assertThat(plateau("history", dir.toString()).err()).contains("holds no metrics.jsonl");
    Run spark = plateau("plot", dir.resolve("runs/slice").toString());
    assertThat(spark.out())
        .containsPattern("slice  val_loss [▁▂▃▄▅▆▇█]{3}  ")
        .contains("MaxEpochsReached at 3");
    Path png = dir.resolve("curves.png");
    Run plot =
        plateau(
            "plot",
            dir.resolve("runs/slice").toString(),
            dir.resolve("runs/slice").toString(),
            "--out",
            png.toString());
    assertThat(plot.exitCode()).as(plot.err()).isZero();
    java.awt.image.BufferedImage chart = javax.imageio.ImageIO.read(png.toFile());
    assertThat(chart.getWidth()).isEqualTo(1100);
    assertThat(chart.getHeight()).isEqualTo(650);
    Path svg = dir.resolve("curves.svg");
    Run vector = plateau("plot", dir.resolve("runs/slice").toString(), "--out", svg.toString());
    assertThat(vector.exitCode()).as(vector.err()).isZero();
    assertThat(Files.readString(svg))
        .startsWith("<!DOCTYPE svg")
        .contains(
            "<svg",
            "width='1100.0'",
            "height='650.0'",
            "viewBox='0.0 0.0 1100.0 650.0'",
            "val_loss",
            "slice")
        .endsWith("</svg>\n");
    assertThat(plateau("plot", dir.resolve("runs/slice").toString(), "--out", "x.pdf").err())
        .contains("--out must name a .png or .svg file");
    Run unwritable =
        plateau(
            "plot",
            dir.resolve("runs/slice").toString(),
            "--out",
            dir.resolve("no-such-folder/c.png").toString());
    assertThat(unwritable.exitCode()).isEqualTo(2);
    assertThat(unwritable.err())
        .contains("cannot write " + dir.resolve("no-such-folder/c.png"))
        .contains("name a file in a writable folder");
    assertThat(plateau("plot", dir.resolve("runs/nope").toString()).err())
        .contains(dir.resolve("runs/nope") + " does not exist: name a run folder");

    // The file result.json names stands for its folder.
    Run byFile =
        plateau(
            "evaluate",
            dir.resolve("runs/slice/best/checkpoint.json").toString(),
            "--data",
            TestData.fashionMnist().toString());
    assertThat(byFile.exitCode()).as(byFile.err()).isZero();
    // Colour images for a grey model: refused with both shapes, not a stack trace.
    Path images = dir.resolve("colour");
    for (String c : List.of("a", "b")) {
      Files.createDirectories(images.resolve(c));
      javax.imageio.ImageIO.write(
          new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
          "png",
          images.resolve(c + "/x.png").toFile());
    }
    Run wrong =
        plateau(
            "evaluate",
            dir.resolve("runs/slice").toString(),
            "--data",
            images.toString(),
            "--format",
            "imagefolder");
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(wrong.err())
        .contains(
            "gives samples of shape [3, 28, 28] but the checkpoint was trained on [1, 28, 28]");
    assertThat(plateau("evaluate", dir.resolve("nowhere").toString(), "--data", "x").err())
        .contains("does not exist: name a run folder");
  }

  @Test
  void evaluateReadsTheRunsOwnDataSettings() throws Exception {
    Path data = dir.resolve("data/tab");
    Files.createDirectories(data.resolve("test"));
    StringBuilder train = new StringBuilder("x,y,kind\n");
    for (int i = 0; i < 200; i++) {
      train
          .append(i % 7)
          .append(',')
          .append(i % 2 * 5 + i % 3)
          .append(',')
          .append(i % 2 == 0 ? "even" : "odd")
          .append('\n');
    }
    Files.writeString(data.resolve("train.csv"), train.toString());
    Files.writeString(data.resolve("test/test.csv"), "x,y,kind\n1,5,odd\n2,0,even\n");
    Path m =
        manifest(
            "tab",
            """
              model: {architecture: mlp, hiddenLayers: [8]}
              dataset: {format: csv, claimName: data, path: tab, testPath: test, csv: {labelName: kind}}
              training: {maxEpochs: 2, batchSize: 32}
              checkpoints: {size: 1Gi}
            """);
    Run run =
        plateau(
            "run",
            m.toString(),
            "--data-root",
            dir.resolve("data").toString(),
            "--runs-dir",
            dir.resolve("runs").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINISHED);

    Run evaluate =
        plateau("evaluate", dir.resolve("runs/tab").toString(), "--data", data.toString());

    assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
    assertThat(evaluate.out()).contains("on 2 samples");
  }

  @Test
  void quietPrintsOnlyTheEndAndJsonOnlyJson() throws Exception {
    Path m = manifest("slice", SLICE);
    String[] common = {
      "--data-root", TestData.dataRoot().toString(), "--runs-dir", dir.resolve("runs").toString()
    };
    Run quiet = plateau(concat(new String[] {"run", m.toString(), "--quiet"}, common));
    assertThat(quiet.exitCode()).as(quiet.err()).isEqualTo(ExitCodes.FINISHED);
    assertThat(quiet.out().lines())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("ran all 3 epochs; best val_loss");

    Run json = plateau(concat(new String[] {"run", m.toString(), "--output", "json"}, common));
    assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCodes.FINISHED);
    List<String> lines = json.out().lines().toList();
    assertThat(lines).hasSize(4);
    for (int epoch = 1; epoch <= 3; epoch++) {
      assertThat(
              dev.plateau.api.contract.ContractJson.read(
                      lines.get(epoch - 1), dev.plateau.api.v1alpha1.EpochRecord.class)
                  .getEpoch())
          .isEqualTo(epoch);
    }
    assertThat(
            dev.plateau.api.contract.ContractJson.read(
                    lines.get(3), dev.plateau.api.v1alpha1.TrainingResult.class)
                .getStopReason())
        .isEqualTo(dev.plateau.api.v1alpha1.StopReason.MaxEpochsReached);
    assertThat(json.err()).contains("plateau: training slice (mlp)");
  }

  @Test
  void runForABenchmarkProfilesEachEpochAndWritesTheSplit() throws Exception {
    Run run = runSlice("--profile", "--export-split");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINISHED);
    assertThat(run.out())
        .containsPattern(
            "profile epoch 3: \\d+ steps, ms/step batch [\\d.]+ forward [\\d.]+ backward [\\d.]+"
                + " optimizer [\\d.]+ bookkeeping [\\d.]+; training [\\d.]+ s, validation"
                + " [\\d.]+ s");
    var split =
        dev.plateau.api.contract.ContractJson.mapper()
            .readTree(dir.resolve("runs/slice/split.json").toFile());
    assertThat(split.get("train").size() + split.get("validation").size())
        .as("each of the slice's 1000 samples in one part")
        .isEqualTo(1000);
    assertThat(split.get("validationFromOwnFile").asBoolean()).isFalse();
  }

  @Test
  void runAgainStartsAfreshUnlessResumeIsGiven() throws Exception {
    Path m = manifest("slice", SLICE);
    String[] common = {
      "--data-root",
      TestData.dataRoot().toString(),
      "--runs-dir",
      dir.resolve("runs").toString(),
      "--threads",
      "2"
    };
    plateau(concat(new String[] {"run", m.toString()}, common));

    Run resumed = plateau(concat(new String[] {"run", m.toString(), "--resume"}, common));
    assertThat(resumed.out())
        .contains("training had ended at epoch 3 (MaxEpochsReached); writing its result")
        .doesNotContain("epoch   1/3");

    Run fresh = plateau(concat(new String[] {"run", m.toString()}, common));
    assertThat(fresh.out()).contains("held a finished run").contains("epoch   1/3");
  }

  @Test
  void anUnfinishedRunIsSetAsideOnlyWithRestart() throws Exception {
    Path m = manifest("slice", SLICE);
    String[] common = {
      "--data-root", TestData.dataRoot().toString(), "--runs-dir", dir.resolve("runs").toString()
    };
    plateau(concat(new String[] {"run", m.toString()}, common));
    Path runDir = dir.resolve("runs/slice");
    Files.delete(runDir.resolve("result.json")); // as if stopped before its end: last/ remains

    Run again = plateau(concat(new String[] {"run", m.toString()}, common));

    assertThat(again.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(again.err())
        .contains("holds an unfinished run of slice")
        .contains("continue it with --resume")
        .contains("start afresh with --restart");
    assertThat(runDir.resolve("last")).isDirectory();
    Run restarted = plateau(concat(new String[] {"run", m.toString(), "--restart"}, common));
    assertThat(restarted.exitCode()).as(restarted.err()).isEqualTo(ExitCodes.FINISHED);
    assertThat(restarted.out()).containsPattern("moved it to .*runs/slice\\.\\d{8}-\\d{6}");
  }

  @Test
  void aStartThatFailsTouchesNoRunFolder() throws Exception {
    Path m = manifest("slice", SLICE);
    Path runs = dir.resolve("runs");
    plateau(
        "run",
        m.toString(),
        "--data-root",
        TestData.dataRoot().toString(),
        "--runs-dir",
        runs.toString());
    Path empty = dir.resolve("empty-root");
    Files.createDirectories(empty.resolve("fashion-mnist"));

    Run failed =
        plateau(
            "run", m.toString(), "--data-root", empty.toString(), "--runs-dir", runs.toString());

    assertThat(failed.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(runs.resolve("slice/result.json")).exists();
    try (var list = Files.list(runs)) {
      assertThat(list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .containsExactly("slice");
    }
  }

  @Test
  void aRunFolderInUseIsRefusedNamingItsHolder() throws Exception {
    Path m = manifest("slice", SLICE);
    Path runs = dir.resolve("runs");
    var taken =
        dev.plateau.trainer.checkpoint.RunLock.acquire(runs, "slice", java.time.Duration.ZERO);
    try (var lock = taken.lock().orElseThrow()) {
      Run second =
          plateau(
              "run",
              m.toString(),
              "--data-root",
              TestData.dataRoot().toString(),
              "--runs-dir",
              runs.toString());

      assertThat(second.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(second.err())
          .containsPattern("runs/slice is in use by process \\d+ on .*, since ")
          .contains("wait for that run to end, or stop it");
    }
  }

  @Test
  void aFileOfSeveralRunsOrAnotherApiVersionIsRefused() throws Exception {
    Path two = dir.resolve("two.yaml");
    String one = Files.readString(manifest("a", SLICE));
    Files.writeString(two, one + "\n---\n" + one.replace("name: a", "name: b"));
    Run several = plateau("run", two.toString());
    assertThat(several.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(several.err())
        .contains(
            "holds 2 TrainingRuns (a, b); plateau run trains one: put each in a file of its own");

    Path old = dir.resolve("old.yaml");
    Files.writeString(old, one.replace("plateau.dev/v1alpha1", "plateau.dev/v1"));
    assertThat(plateau("run", old.toString()).err())
        .contains(
            "apiVersion is 'plateau.dev/v1'; a TrainingRun of this Plateau is apiVersion:"
                + " plateau.dev/v1alpha1");
  }

  @Test
  void badThreadsAndFlagsExitTwo() throws Exception {
    Path m = manifest("slice", SLICE);
    assertThat(plateau("run", m.toString(), "--threads", "0").err())
        .contains("plateau: --threads must be 1 or more, not 0");
    Path aFile = dir.resolve("a-file");
    Files.writeString(aFile, "x");
    Run runsDirIsAFile =
        plateau(
            "run",
            m.toString(),
            "--data-root",
            TestData.dataRoot().toString(),
            "--runs-dir",
            aFile.resolve("runs").toString());
    assertThat(runsDirIsAFile.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(runsDirIsAFile.err())
        .startsWith("plateau: cannot use --runs-dir " + aFile.resolve("runs"))
        .contains("choose a folder you can write");
    Run both = plateau("run", m.toString(), "--resume", "--restart");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(both.err()).contains("--resume and --restart exclude each other");
  }

  @Test
  void anInvalidManifestExitsTwoAndSaysWhatToFix() throws Exception {
    Run run =
        plateau(
            "run",
            manifest("bad", SLICE.replace("patience: 5", "patience: 0, mode: max")).toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.err())
        .contains("is not a valid TrainingRun")
        .contains("spec.earlyStopping.patience: is 0; it should be greater than or equal to 1")
        .doesNotContain("in body")
        .doesNotContain("Invalid value");
  }

  @Test
  void aMissingDatasetFolderExitsTwoWithAHint() throws Exception {
    Run run =
        plateau(
            "run",
            manifest("slice", SLICE).toString(),
            "--data-root",
            dir.toString(),
            "--runs-dir",
            dir.resolve("runs").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.err())
        .startsWith("plateau: dataset folder " + dir.resolve("fashion-mnist") + " does not exist")
        .contains("apt-get install dataset-fashion-mnist");
  }

  @Test
  void trainOutsideAPodSaysToUseRun() {
    Run run = plateau("train", "--config", dir.resolve("config.json").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.err())
        .contains(TrainerEnv.RUN_NAME + " is not set")
        .contains("plateau run MANIFEST");
  }

  private TrainCommand.Pod pod(TrainerConfig config) throws Exception {
    Path configFile = dir.resolve("config.json");
    Files.writeString(configFile, ContractJson.write(config));
    return TrainCommand.Pod.fromEnvironment(
            configFile,
            Map.of(
                TrainerEnv.RUN_NAME,
                "slice",
                TrainerEnv.RUN_UID,
                "uid-9",
                TrainerEnv.DATA_ROOT,
                TestData.dataRoot().toString(),
                TrainerEnv.CHECKPOINT_ROOT,
                dir.resolve("checkpoints").toString()))
        .withTerminationLog(dir.resolve("termination-log"));
  }

  @Test
  void trainInAPodWritesTheResultAndTheTerminationMessage() throws Exception {
    TrainingSession.Outcome outcome =
        TrainCommand.train(pod(TestData.mlpConfig(1000, 2, 5)), new Interruption(), null);

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.FINISHED);
    TerminationMessage message =
        ContractJson.read(
            Files.readString(dir.resolve("termination-log")), TerminationMessage.class);
    assertThat(message.reason()).isEqualTo("MaxEpochsReached");
    assertThat(message.result().getBestCheckpoint().getClaimName()).isEqualTo("models");
    assertThat(message.result().getBestCheckpoint().getPath()).isEqualTo("slice/best");
    assertThat(dir.resolve("checkpoints/slice/best/checkpoint.json")).exists();
  }

  @Test
  void aGpuRunWithoutAGpuExitsTwo() throws Exception {
    TrainerConfig config = TestData.mlpConfig(1000, 2, 5);
    config.setGpus(1);

    TrainingSession.Outcome outcome = TrainCommand.train(pod(config), new Interruption(), null);

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(outcome.message().message()).contains("resources.gpus is 1 but no GPU is visible");
    assertThat(Files.readString(dir.resolve("termination-log"))).contains("InvalidInput");
  }

  @Test
  void aDivergingRunExitsThree() throws Exception {
    TrainerConfig config = TestData.mlpConfig(1000, 3, 5);
    config.getTraining().setOptimizer(dev.plateau.api.v1alpha1.OptimizerType.SGD);
    config.getTraining().setLearningRate(10.0);
    config.getTraining().setWeightDecay(1.0);

    TrainingSession.Outcome outcome = TrainCommand.train(pod(config), new Interruption(), null);

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.NON_FINITE_METRIC);
    assertThat(outcome.message().reason()).isEqualTo("NonFiniteMetric");
  }

  @Test
  void aFullDiskFailsTheRunWithTheSystemsWords() throws Exception {
    TrainerConfig config = TestData.mlpConfig(1000, 2, 5);
    Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
    // A file where the run's folder must go: the volume refuses, as a full one would.
    Files.writeString(checkpoints.resolve("slice"), "");

    TrainingSession.Outcome outcome = TrainCommand.train(pod(config), new Interruption(), null);

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(outcome.message().reason()).isEqualTo("TrainerError");
    assertThat(outcome.message().message()).contains("slice");
  }

  @Test
  void aCorruptConfigExitsTwo() throws Exception {
    TrainCommand.Pod pod = pod(TestData.mlpConfig(1000, 2, 5));
    Files.writeString(pod.configFile(), "{\"model\": ");

    TrainingSession.Outcome outcome = TrainCommand.train(pod, new Interruption(), null);

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(outcome.message().message()).contains("config.json");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
