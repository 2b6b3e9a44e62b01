package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A hyper-parameter search: trials are TrainingRuns made from a template, and the losing ones are
 * stopped early (ASHA or the median rule).
 */
@Group(TrainingRun.GROUP)
@Version(TrainingRun.VERSION)
@ShortNames("sweep")
@ValidationRule(
    value = "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
    fieldPath = ".metadata.name",
    message =
        "metadata.name must be a DNS label (lowercase letters, digits and '-'): it names the"
            + " trials")
@ValidationRule(
    value = "size(self.metadata.name) <= " + TrainingSweep.MAX_NAME_LENGTH,
    fieldPath = ".metadata.name",
    message =
        "metadata.name must be at most "
            + TrainingSweep.MAX_NAME_LENGTH
            + " characters: trials are named <sweep>-<number> and must stay DNS labels")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Running, Succeeded or Failed")
@AdditionalPrinterColumn(
    name = "Trials",
    jsonPath = ".status.created",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Trials created")
@AdditionalPrinterColumn(
    name = "Running",
    jsonPath = ".status.running",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Trials training now")
@AdditionalPrinterColumn(
    name = "Pruned",
    jsonPath = ".status.pruned",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Trials stopped by the pruner")
@AdditionalPrinterColumn(
    name = "Best-Trial",
    jsonPath = ".status.bestTrial.name",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The trial with the best objective value")
@AdditionalPrinterColumn(
    name = "Best",
    jsonPath = ".status.bestTrial.bestValue",
    type = AdditionalPrinterColumn.Type.NUMBER,
    getDescription = "Its best objective value")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Completed",
    jsonPath = ".status.completed",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1,
    getDescription = "Trials ended by their own early stopping or maxEpochs")
@AdditionalPrinterColumn(
    name = "Failed",
    jsonPath = ".status.failed",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1,
    getDescription = "Trials that failed")
public class TrainingSweep extends CustomResource<TrainingSweepSpec, TrainingSweepStatus>
    implements Namespaced {

  public static final String KIND = "TrainingSweep";
  public static final String PLURAL = "trainingsweeps";
  public static final String CRD_NAME = PLURAL + "." + TrainingRun.GROUP;

  /** Longest sweep name: 63 less "-199", the longest trial suffix. */
  public static final int MAX_NAME_LENGTH = 59;

  /** Label on every trial: the sweep's name. */
  public static final String SWEEP_LABEL = "plateau.dev/sweep";

  /** Label on every trial: its number. */
  public static final String TRIAL_LABEL = "plateau.dev/trial";

  /** The name of trial {@code number}. */
  public static String trialName(String sweep, int number) {
    return sweep + "-" + number;
  }

  @Override
  @JsonPropertyDescription(
      "The TrainingRun template, the parameters to vary, how many trials, how many at once, and"
          + " how losing trials are pruned.")
  public TrainingSweepSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: phase, conditions, trial counts, the best trial and a"
          + " leaderboard. Written by the operator only.")
  public TrainingSweepStatus getStatus() {
    return super.getStatus();
  }
}
