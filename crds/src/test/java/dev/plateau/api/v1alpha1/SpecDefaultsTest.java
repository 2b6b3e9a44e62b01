package dev.plateau.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plateau.api.validation.CrdValidator;
import org.junit.jupiter.api.Test;

/**
 * Each default is written once, as a constant that both the schema annotation and an {@code
 * xOrDefault()} accessor read: a spec the API server defaulted and the same spec left bare mean the
 * same training.
 */
class SpecDefaultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A run that sets only what is required, with every optional section present but empty. */
  private static TrainingRunSpec bare() {
    ObjectNode spec = JSON.createObjectNode();
    spec.putObject("model").put("architecture", "mlp");
    spec.putObject("dataset").put("format", "csv").putObject("csv");
    spec.putObject("training").putObject("reduceLROnPlateau");
    spec.putObject("earlyStopping");
    spec.putObject("checkpoints").put("size", "1Gi");
    spec.putObject("resources");
    spec.putObject("runPolicy");
    return JSON.convertValue(spec, TrainingRunSpec.class);
  }

  private static TrainingRunSpec defaultedByTheSchema() {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("apiVersion", "plateau.dev/v1alpha1").put("kind", "TrainingRun");
    manifest.putObject("metadata").put("name", "defaults");
    manifest.set("spec", JSON.valueToTree(bare()));
    JsonNode defaulted = CrdValidator.trainingRuns().withDefaults(manifest);
    return JSON.convertValue(defaulted.get("spec"), TrainingRunSpec.class);
  }

  @Test
  void aBareSpecHoldsNoWrittenDefaults() {
    TrainingRunSpec bare = bare();
    assertThat(bare.getTraining().getMaxEpochs()).isNull();
    assertThat(bare.getEarlyStopping().getPatience()).isNull();
    assertThat(bare.getEarlyStopping().getMonitor()).isNull();
    assertThat(bare.getTraining().getReduceLROnPlateau().getFactor()).isNull();
  }

  @Test
  void schemaDefaultsAreTheAccessorDefaults() {
    TrainingRunSpec bare = bare();
    TrainingRunSpec defaulted = defaultedByTheSchema();

    TrainingSpec t = defaulted.getTraining();
    assertThat(t.getMaxEpochs()).isEqualTo(bare.getTraining().maxEpochsOrDefault());
    assertThat(t.getBatchSize()).isEqualTo(bare.getTraining().batchSizeOrDefault());
    assertThat(t.getOptimizer()).isEqualTo(bare.getTraining().optimizerOrDefault());
    assertThat(t.getLearningRate()).isEqualTo(bare.getTraining().learningRateOrDefault());
    assertThat(t.getWeightDecay()).isEqualTo(bare.getTraining().weightDecayOrDefault());
    assertThat(t.getSeed()).isEqualTo(bare.getTraining().seedOrDefault());
    ReduceLROnPlateauSpec r = t.getReduceLROnPlateau();
    ReduceLROnPlateauSpec bareR = bare.getTraining().getReduceLROnPlateau();
    assertThat(r.getFactor()).isEqualTo(bareR.factorOrDefault());
    assertThat(r.getPatience()).isEqualTo(bareR.patienceOrDefault());
    assertThat(r.getMinLearningRate()).isEqualTo(bareR.minLearningRateOrDefault());

    EarlyStoppingSpec e = defaulted.getEarlyStopping();
    EarlyStoppingSpec bareE = bare.getEarlyStopping();
    assertThat(e.getMonitor()).isEqualTo(bareE.monitorOrDefault());
    assertThat(e.getPatience()).isEqualTo(bareE.patienceOrDefault());
    assertThat(e.getDelta()).isEqualTo(bareE.deltaOrDefault());
    assertThat(e.getMinEpochs()).isEqualTo(bareE.minEpochsOrDefault());
    assertThat(e.getStopOnNonFinite()).isEqualTo(bareE.stopOnNonFiniteOrDefault());

    assertThat(defaulted.getCheckpoints().getRetain())
        .isEqualTo(bare.getCheckpoints().retainOrDefault());
    assertThat(defaulted.getResources().getGpus()).isEqualTo(bare.getResources().gpusOrDefault());
    assertThat(defaulted.getRunPolicy().getBackoffLimit())
        .isEqualTo(bare.getRunPolicy().backoffLimitOrDefault());
    assertThat(defaulted.getRunPolicy().getSuspend())
        .isEqualTo(bare.getRunPolicy().suspendOrDefault());
    CsvOptions csv = defaulted.getDataset().getCsv();
    assertThat(csv.getHeader()).isEqualTo(bare.getDataset().getCsv().headerOrDefault());
    assertThat(csv.getLabelColumn()).isEqualTo(bare.getDataset().getCsv().labelColumnOrDefault());
  }
}
