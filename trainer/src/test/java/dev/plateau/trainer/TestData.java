package dev.plateau.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.Architecture;
import dev.plateau.api.v1alpha1.DatasetFormat;
import dev.plateau.api.v1alpha1.DatasetSpec;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.ModelSpec;
import dev.plateau.api.v1alpha1.TrainingSpec;
import java.nio.file.Path;
import java.util.List;

/** The real Fashion-MNIST (Debian's dataset-fashion-mnist) and small configs on a slice of it. */
public final class TestData {

  /** Where the data is: $PLATEAU_TEST_DATA, else Debian's package. */
  public static Path fashionMnist() {
    String override = System.getenv("PLATEAU_TEST_DATA");
    Path dir = Path.of(override != null ? override : "/usr/share/datasets/fashion-mnist");
    assertThat(dir.resolve("train-images-idx3-ubyte.gz"))
        .as("the tests train on the real Fashion-MNIST: apt-get install dataset-fashion-mnist")
        .exists();
    return dir;
  }

  /** The folder holding fashion-mnist/, as the data root of a claim path. */
  public static Path dataRoot() {
    return fashionMnist().getParent();
  }

  /** An MLP on the first {@code samples} training images, early stopping on val_loss. */
  public static TrainerConfig mlpConfig(int samples, int maxEpochs, int patience) {
    ModelSpec model = new ModelSpec();
    model.setArchitecture(Architecture.MLP);
    model.setHiddenLayers(List.of(64));
    model.setDropout(0.1);
    DatasetSpec dataset = new DatasetSpec();
    dataset.setFormat(DatasetFormat.IDX);
    dataset.setClaimName("datasets");
    dataset.setPath("fashion-mnist");
    dataset.setMaxSamples(samples);
    dataset.setValidationSplit(0.2);
    TrainingSpec training = new TrainingSpec();
    training.setMaxEpochs(maxEpochs);
    training.setBatchSize(64);
    training.setLearningRate(0.002);
    training.setSeed(7L);
    EarlyStoppingSpec earlyStopping = new EarlyStoppingSpec();
    earlyStopping.setPatience(patience);
    earlyStopping.setDelta(0.0);
    earlyStopping.setMode(earlyStopping.resolvedMode());
    TrainerConfig config = new TrainerConfig();
    config.setModel(model);
    config.setDataset(dataset);
    config.setTraining(training);
    config.setEarlyStopping(earlyStopping);
    config.setCheckpointClaim("models");
    return config;
  }

  private TestData() {}
}
