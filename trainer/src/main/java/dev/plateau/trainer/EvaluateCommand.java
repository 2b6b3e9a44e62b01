package dev.plateau.trainer;

import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.DatasetFormat;
import dev.plateau.api.v1alpha1.DatasetSpec;
import dev.plateau.trainer.checkpoint.BestCheckpoint;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.ModelInfo;
import dev.plateau.trainer.config.EngineSettings;
import dev.plateau.trainer.data.BatchSource;
import dev.plateau.trainer.data.DatasetLoader;
import dev.plateau.trainer.loop.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plateau evaluate}: the test accuracy of a saved best checkpoint. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Scores a best checkpoint (a run folder or its best/ folder) on a test set.")
public final class EvaluateCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "CHECKPOINT",
      description = "runs/<name> or runs/<name>/best")
  Path checkpoint;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      required = true,
      description = "The dataset folder.")
  Path data;

  @Option(
      names = "--format",
      description =
          "idx, csv, cifar10 or imagefolder. Default: the run's own (recorded in last/), else idx.")
  String format;

  @Option(
      names = "--test-path",
      paramLabel = "PATH",
      description =
          "Test set folder inside DIR. Default: the run's own testPath, else the format's"
              + " convention (idx: t10k-*).")
  String testPath;

  @Option(names = "--threads", paramLabel = "N", description = "CPU threads. Default: all cores.")
  Integer threads;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws IOException {
    EngineSettings.configure(
        threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    if (!Files.exists(checkpoint)) {
      throw new InvalidInputException(
          checkpoint + " does not exist: name a run folder (runs/<name>) or its best/ folder");
    }
    // A file of best/ (model.pt, checkpoint.json) stands for its folder.
    Path folder =
        Files.isRegularFile(checkpoint) ? checkpoint.toAbsolutePath().getParent() : checkpoint;
    Path best =
        Files.isDirectory(folder.resolve(TrainerPaths.BEST_DIR))
            ? folder.resolve(TrainerPaths.BEST_DIR)
            : folder;
    BestCheckpoint checkpointInfo =
        FileCheckpointStore.readBest(best)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        best
                            + " holds no best checkpoint (checkpoint.json): name a run folder"
                            + " (runs/<name>) or its best/ folder"));
    ModelInfo info = checkpointInfo.info();
    DatasetSpec spec = recordedDataset(best.getParent());
    if (format != null) {
      spec.setFormat(format(format));
    }
    if (testPath != null) {
      spec.setTestPath(testPath);
    }
    BatchSource test =
        DatasetLoader.withDefaults()
            .loadTest(
                spec,
                data,
                info.classNames(),
                info.sampleShape(),
                info.featureMean(),
                info.featureStd());
    long[] shape = test.sampleShape();
    if (!java.util.Arrays.equals(shape, info.sampleShape())) {
      throw new InvalidInputException(
          data
              + " gives samples of shape "
              + java.util.Arrays.toString(shape)
              + " but the checkpoint was trained on "
              + java.util.Arrays.toString(info.sampleShape())
              + ": give the data (and --format) it was trained on");
    }
    Evaluation e;
    try {
      e = Evaluation.ofBest(best, checkpointInfo, test, EngineSettings.bestAvailable(), 256);
    } catch (IOException unreadable) {
      throw new InvalidInputException(
          best + ": not a loadable checkpoint: " + unreadable.getMessage(), unreadable);
    }
    command
        .commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s (epoch %d): test accuracy %.2f%%, test loss %.4f on %d samples%n",
            best,
            checkpointInfo.epoch(),
            100 * e.accuracy(),
            e.loss(),
            test.size());
    return 0;
  }

  /**
   * The data settings the run trained with, as {@code last/state.json} records them (format, test
   * path, CSV options); idx defaults when the folder has none (a copied best/, an older run).
   */
  private static DatasetSpec recordedDataset(Path runDir) {
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(DatasetFormat.IDX);
    if (runDir == null) {
      return spec;
    }
    try {
      var last = new FileCheckpointStore(runDir).readLast();
      if (last.isPresent() && last.get().state().definition() != null) {
        DatasetSpec recorded =
            dev.plateau.api.contract.ContractJson.mapper()
                .treeToValue(last.get().state().definition().get("dataset"), DatasetSpec.class);
        spec.setFormat(recorded.getFormat());
        spec.setTestPath(recorded.getTestPath());
        spec.setCsv(recorded.getCsv());
        spec.setImageSize(recorded.getImageSize());
      }
    } catch (IOException | IllegalArgumentException e) {
      // An unreadable last/ leaves the defaults; the options still apply.
    }
    return spec;
  }

  private static DatasetFormat format(String name) {
    for (DatasetFormat f : DatasetFormat.values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new InvalidInputException(
        "--format must be idx, csv, cifar10 or imagefolder, not " + name);
  }
}
