package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A training of one model on one dataset that stops when the monitored metric stops improving. */
@Group(TrainingRun.GROUP)
@Version(TrainingRun.VERSION)
@ShortNames("tr")
@ValidationRule(
    value = "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
    fieldPath = ".metadata.name",
    message =
        "metadata.name must be a DNS label (lowercase letters, digits and '-'): it names the"
            + " run's Job")
@ValidationRule(
    value = "size(self.metadata.name) <= 63",
    fieldPath = ".metadata.name",
    message =
        "metadata.name must be at most 63 characters: it names the run's Job and labels its objects")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Pending, Running, Succeeded, Failed or Suspended")
@AdditionalPrinterColumn(
    name = "Epoch",
    jsonPath = ".status.progress.epoch",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Epochs finished")
@AdditionalPrinterColumn(
    name = "Best",
    jsonPath = ".status.progress.bestMetric",
    type = AdditionalPrinterColumn.Type.NUMBER,
    getDescription = "Best value of the monitored metric so far")
@AdditionalPrinterColumn(
    name = "Since-Improvement",
    jsonPath = ".status.progress.epochsSinceImprovement",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Epochs without improvement; the run stops at patience")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Monitor",
    jsonPath = ".status.progress.monitor",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1,
    getDescription = "The metric early stopping watches")
@AdditionalPrinterColumn(
    name = "Latest",
    jsonPath = ".status.progress.monitorValue",
    type = AdditionalPrinterColumn.Type.NUMBER,
    priority = 1,
    getDescription = "The monitored metric in the last finished epoch")
public class TrainingRun extends CustomResource<TrainingRunSpec, TrainingRunStatus>
    implements Namespaced {

  public static final String GROUP = "plateau.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "TrainingRun";
  public static final String PLURAL = "trainingruns";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  @Override
  @JsonPropertyDescription(
      "What to train (model, dataset, training settings), when to stop (earlyStopping), where"
          + " to keep checkpoints, and how to run the trainer pod.")
  public TrainingRunSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: phase, conditions, the trainer's progress and, once the run"
          + " has ended, its result. Written by the operator only.")
  public TrainingRunStatus getStatus() {
    return super.getStatus();
  }
}
