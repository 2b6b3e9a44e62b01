package dev.plateau.trainer.loop;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtSymbolBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.OptimizerType;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingSpec;
import dev.plateau.trainer.InvalidInputException;
import dev.plateau.trainer.checkpoint.FileCheckpointStore;
import dev.plateau.trainer.checkpoint.LastCheckpoint;
import dev.plateau.trainer.checkpoint.ModelInfo;
import dev.plateau.trainer.checkpoint.TrainingDefinition;
import dev.plateau.trainer.data.DatasetLoader;
import dev.plateau.trainer.data.PreparedData;
import dev.plateau.trainer.data.SplitFile;
import dev.plateau.trainer.model.ModelFactory;
import dev.plateau.trainer.model.TorchScriptModule;
import dev.plateau.trainer.optimizer.StatefulAdam;
import dev.plateau.trainer.optimizer.StatefulOptimizer;
import dev.plateau.trainer.optimizer.StatefulSgd;
import dev.plateau.trainer.progress.ProgressReporter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One training, epoch by epoch: train, validate, early stopping and ReduceLROnPlateau, best and
 * last checkpoints, report. At the end the best weights are scored on the test set and {@code
 * result.json} is written. Resumes from {@code last/} when it is there.
 */
public final class Training {

  private final TrainingSetup setup;
  private final List<ProgressReporter> reporters;
  private final DatasetLoader loader;

  public Training(TrainingSetup setup, List<ProgressReporter> reporters, DatasetLoader loader) {
    this.setup = setup;
    this.reporters = reporters;
    this.loader = loader;
  }

  /** Trains and returns how it ended; throws {@link TrainingInterrupted} on SIGTERM. */
  public TrainingResult run() throws IOException {
    TrainingSpec training = setup.config().getTraining();
    EarlyStoppingSpec earlyStopping = setup.config().getEarlyStopping();
    long seed = training.seedOrDefault();
    PreparedData data = loader.load(setup.config().getDataset(), setup.dataDir(), seed);
    setup.say().accept(describe(data));
    data.warnings().forEach(w -> setup.say().accept("warning: " + w));
    if (training.batchSizeOrDefault() > data.train().size()) {
      setup
          .say()
          .accept(
              "warning: training.batchSize "
                  + training.batchSizeOrDefault()
                  + " is larger than the "
                  + data.train().size()
                  + " training samples: each epoch is one batch of all of them");
    }
    ModelInfo info =
        new ModelInfo(
            setup.config().getModel(),
            data.sampleShape(),
            data.classes(),
            data.classNames(),
            data.featureMean(),
            data.featureStd());

    setup.runFolder().open(setup.runDir());
    FileCheckpointStore store = new FileCheckpointStore(setup.runDir(), setup.hook());
    store.removeLeftovers();
    Optional<LastCheckpoint> last = store.readLast();
    // What defines this training: checked against last/ and recorded with every checkpoint.
    JsonNode definition = TrainingDefinition.of(setup.config());
    if (last.isPresent()) {
      refuseADifferentTraining(last.get(), definition);
    }
    if (setup.diagnostics().exportSplit()) {
      SplitFile.write(setup.runDir(), setup.config().getDataset(), data);
    }
    Engine.getInstance().setRandomSeed((int) seed);
    try (Model model = Model.newInstance(setup.runName(), setup.device())) {
      Block block = block(model, info, last, store);
      try (StatefulOptimizer optimizer = optimizer(training)) {
        optimizer.bind(block, model.getNDManager());
        if (last.isPresent()) {
          store.loadLastOptimizer(optimizer, last.get());
        }
        return new EpochLoop(
                setup, reporters, model, optimizer, store, data, info, earlyStopping, definition)
            .run(last);
      }
    }
  }

  /**
   * The model's block, with the weights of last/ when there is one, initialised and with its
   * trained parameters tracking gradients. Weights come first: initialising keeps loaded
   * parameters, and a TorchScript module must be swapped for last/'s before its parameters are
   * read.
   */
  private Block block(
      Model model, ModelInfo info, Optional<LastCheckpoint> last, FileCheckpointStore store)
      throws IOException {
    if (setup.modelFile() != null) {
      model.setBlock(TorchScriptModule.load(setup.modelFile(), model.getNDManager()));
      if (last.isPresent()) {
        store.loadLastWeights(model, last.get());
      }
      PtSymbolBlock module = (PtSymbolBlock) model.getBlock();
      TorchScriptModule.prepare(
          module,
          info.model().getTorchscript().freezeOrDefault(),
          info.sampleShape(),
          info.classes(),
          model.getNDManager());
      return module;
    }
    Block block = ModelFactory.build(info.model(), info.sampleShape(), info.classes());
    model.setBlock(block);
    if (last.isPresent()) {
      store.loadLastWeights(model, last.get());
    }
    block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(info.batchOfOne()));
    return block;
  }

  /**
   * A resume continues the same training: the model, data, training settings and early stopping
   * that made {@code last/}, with only maxEpochs (and minEpochs up to it) raised.
   */
  private void refuseADifferentTraining(LastCheckpoint last, JsonNode definition) {
    if (last.state().definition() == null) {
      setup
          .say()
          .accept(
              "last/ predates recorded training definitions: resuming without checking that the"
                  + " manifest is the one it was trained with");
      return;
    }
    List<String> changes = TrainingDefinition.refusedChanges(last.state().definition(), definition);
    if (!changes.isEmpty()) {
      throw new InvalidInputException(
          "cannot resume "
              + setup.runDir()
              + ": last/ was trained with other settings ("
              + String.join("; ", changes)
              + "). Only training.maxEpochs (and minEpochs up to it) may be raised on a resume;"
              + " to train the new settings, start afresh (plateau run without --resume; the old"
              + " run is kept aside) or give the run another name");
    }
  }

  private static StatefulOptimizer optimizer(TrainingSpec training) {
    float lr = (float) training.learningRateOrDefault();
    float decay = (float) training.weightDecayOrDefault();
    return training.optimizerOrDefault() == OptimizerType.SGD
        ? new StatefulSgd(lr, (float) training.momentumOrDefault(), decay)
        : new StatefulAdam(lr, decay);
  }

  private static String describe(PreparedData data) {
    return String.format(
            java.util.Locale.ROOT,
            "data: %d training, %d validation, %s test samples of shape %s, %d classes",
            data.train().size(),
            data.validation().size(),
            data.test() == null ? "no" : Integer.toString(data.test().size()),
            java.util.Arrays.toString(data.sampleShape()),
            data.classes())
        + (data.train() instanceof dev.plateau.trainer.data.StreamingImageBatchSource
            ? "; too large for memory: streamed from disk, decoded ahead"
            : "");
  }
}
