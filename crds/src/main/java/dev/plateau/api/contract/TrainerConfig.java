package dev.plateau.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plateau.api.v1alpha1.DatasetSpec;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.ModelSpec;
import dev.plateau.api.v1alpha1.TrainingRunSpec;
import dev.plateau.api.v1alpha1.TrainingSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What the trainer is told to do: rendered by the operator as JSON into the {@code <run>-config}
 * ConfigMap, read by {@code plateau train --config}. The run's identity (name, namespace, UID)
 * comes from the environment, not from here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainerConfig {

  /** The contract version this config was rendered for. */
  public static final String API_VERSION = "plateau.dev/v1alpha1";

  private String apiVersion = API_VERSION;
  private ModelSpec model;
  private DatasetSpec dataset;
  private TrainingSpec training;
  private EarlyStoppingSpec earlyStopping;

  /** GPUs asked for: with 1 and no GPU visible the trainer exits with INVALID_INPUT. */
  private int gpus;

  /** Threads libtorch may use on the CPU; absent: one per available core. */
  private Integer cpuThreads;

  /** The checkpoint claim, named in the result so people can find the best checkpoint. */
  private String checkpointClaim;

  /**
   * Renders the config for a run: a copy of the spec's training parts with the early-stopping mode
   * resolved and the CPU thread count taken from the CPU limit (rounded up).
   */
  public static TrainerConfig fromSpec(String runName, TrainingRunSpec spec) {
    TrainerConfig config = new TrainerConfig();
    config.setModel(ContractJson.copy(spec.getModel(), ModelSpec.class));
    config.setDataset(ContractJson.copy(spec.getDataset(), DatasetSpec.class));
    config.setTraining(
        ContractJson.copy(
            spec.getTraining() == null ? new TrainingSpec() : spec.getTraining(),
            TrainingSpec.class));
    EarlyStoppingSpec earlyStopping =
        ContractJson.copy(
            spec.getEarlyStopping() == null ? new EarlyStoppingSpec() : spec.getEarlyStopping(),
            EarlyStoppingSpec.class);
    earlyStopping.setMode(earlyStopping.resolvedMode());
    config.setEarlyStopping(earlyStopping);
    if (spec.getResources() != null) {
      config.setGpus(spec.getResources().gpusOrDefault());
      if (spec.getResources().getLimits() != null) {
        config.setCpuThreads(threadsFor(spec.getResources().getLimits().getCpu()));
      }
    }
    if (spec.getCheckpoints() != null) {
      String claim = spec.getCheckpoints().getClaimName();
      config.setCheckpointClaim(claim != null ? claim : RunNames.checkpointClaim(runName));
    }
    return config;
  }

  /** Whole CPUs in a CPU quantity, rounded up; null without a limit. */
  public static Integer threadsFor(Quantity cpu) {
    if (cpu == null) {
      return null;
    }
    BigDecimal cores = Quantity.getAmountInBytes(cpu);
    return Math.max(1, cores.setScale(0, RoundingMode.CEILING).intValueExact());
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

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

  public int getGpus() {
    return gpus;
  }

  public void setGpus(int gpus) {
    this.gpus = gpus;
  }

  public Integer getCpuThreads() {
    return cpuThreads;
  }

  public void setCpuThreads(Integer cpuThreads) {
    this.cpuThreads = cpuThreads;
  }

  public String getCheckpointClaim() {
    return checkpointClaim;
  }

  public void setCheckpointClaim(String checkpointClaim) {
    this.checkpointClaim = checkpointClaim;
  }
}
