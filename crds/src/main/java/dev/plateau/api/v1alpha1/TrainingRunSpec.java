package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** What to train, on what, and when to stop. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.earlyStopping.minEpochs <= self.training.maxEpochs",
    fieldPath = ".earlyStopping.minEpochs",
    message = "earlyStopping.minEpochs must not exceed training.maxEpochs")
public class TrainingRunSpec {

  static final String IMMUTABLE = "self == oldSelf";

  @Required
  @ValidationRule(
      value = IMMUTABLE,
      message = "model is immutable: create a new TrainingRun to train another model")
  @JsonPropertyDescription("The model to train.")
  private ModelSpec model;

  @Required
  @ValidationRule(
      value = IMMUTABLE,
      message = "dataset is immutable: create a new TrainingRun to train on other data")
  @JsonPropertyDescription("The data to train on: its format, where it is, how to split it.")
  private DatasetSpec dataset;

  @Default("{}")
  @ValidationRule(
      value = IMMUTABLE,
      message = "training is immutable: create a new TrainingRun to change training settings")
  @JsonPropertyDescription("Epochs, batch size, optimizer, learning rate and its schedule.")
  private TrainingSpec training = new TrainingSpec();

  @Default("{}")
  @ValidationRule(
      value = IMMUTABLE,
      message =
          "earlyStopping is immutable: create a new TrainingRun to change when training stops")
  @JsonPropertyDescription(
      "When to stop: after patience epochs without the monitor improving by more than delta.")
  private EarlyStoppingSpec earlyStopping = new EarlyStoppingSpec();

  @Required
  @JsonPropertyDescription(
      "Where the best and last checkpoints are kept: an existing claim, or a new PVC of a"
          + " given size.")
  private CheckpointsSpec checkpoints;

  @Default("{}")
  @JsonPropertyDescription("GPUs, CPU and memory of the trainer pod.")
  private ResourcesSpec resources = new ResourcesSpec();

  @Size(max = 32)
  @JsonPropertyDescription("Node labels the trainer pod must be scheduled on.")
  private Map<String, @Size(max = 63) String> nodeSelector;

  @Size(max = 32)
  @JsonPropertyDescription("Tolerations of the trainer pod, e.g. for tainted GPU nodes.")
  private List<TolerationSpec> tolerations;

  @Size(max = 253)
  @JsonPropertyDescription("PriorityClass of the trainer pod.")
  private String priorityClassName;

  @Size(max = 512)
  @JsonPropertyDescription(
      "Trainer image for this run. Default: the operator's trainer image (the CUDA one when"
          + " gpus is 1, else the CPU one).")
  private String image;

  @Size(max = 16)
  @JsonPropertyDescription("Secrets for pulling the trainer image.")
  private List<SecretReference> imagePullSecrets;

  @Default("{}")
  @JsonPropertyDescription(
      "Retries, deadline, clean-up, suspension and queueing of the run's Job. May change"
          + " while the run is live.")
  private RunPolicy runPolicy = new RunPolicy();

  public ModelSpec getModel() {
    return model;
  }

  public void setModel(ModelSpec model) {
    this.model = model;
  }

  public DatasetSpec getDataset() {
    return dataset;
  }

  public void setDataset(DatasetSpec dataset) {
    this.dataset = dataset;
  }

  public TrainingSpec getTraining() {
    return training;
  }

  public void setTraining(TrainingSpec training) {
    this.training = training;
  }

  public EarlyStoppingSpec getEarlyStopping() {
    return earlyStopping;
  }

  public void setEarlyStopping(EarlyStoppingSpec earlyStopping) {
    this.earlyStopping = earlyStopping;
  }

  public CheckpointsSpec getCheckpoints() {
    return checkpoints;
  }

  public void setCheckpoints(CheckpointsSpec checkpoints) {
    this.checkpoints = checkpoints;
  }

  public ResourcesSpec getResources() {
    return resources;
  }

  public void setResources(ResourcesSpec resources) {
    this.resources = resources;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<TolerationSpec> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<TolerationSpec> tolerations) {
    this.tolerations = tolerations;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public List<SecretReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<SecretReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public RunPolicy getRunPolicy() {
    return runPolicy;
  }

  public void setRunPolicy(RunPolicy runPolicy) {
    this.runPolicy = runPolicy;
  }
}
