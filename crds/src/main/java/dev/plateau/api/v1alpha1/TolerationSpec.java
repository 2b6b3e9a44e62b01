package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A toleration of the trainer pod, as in a pod spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.operator) || self.operator != 'Exists' || !has(self.value)",
    fieldPath = ".value",
    message = "a toleration with operator: Exists takes no value")
public class TolerationSpec {

  @Size(max = 317)
  @JsonPropertyDescription(
      "Taint key to tolerate, e.g. nvidia.com/gpu. Empty with operator Exists tolerates every"
          + " taint.")
  private String key;

  @JsonPropertyDescription("Exists or Equal (the default): how key and value are matched.")
  private TolerationOperator operator;

  @Size(max = 63)
  @JsonPropertyDescription("Taint value to match with operator Equal.")
  private String value;

  @JsonPropertyDescription(
      "Taint effect to tolerate: NoSchedule, PreferNoSchedule or NoExecute. Empty: all.")
  private TaintEffect effect;

  @JsonPropertyDescription(
      "With effect NoExecute: how long the pod stays on a node after the taint appears."
          + " Default: forever.")
  private Long tolerationSeconds;

  /** How a toleration matches a taint. */
  public enum TolerationOperator {
    Exists,
    Equal
  }

  /** The effect of a taint. */
  public enum TaintEffect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public TolerationOperator getOperator() {
    return operator;
  }

  public void setOperator(TolerationOperator operator) {
    this.operator = operator;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public TaintEffect getEffect() {
    return effect;
  }

  public void setEffect(TaintEffect effect) {
    this.effect = effect;
  }

  public Long getTolerationSeconds() {
    return tolerationSeconds;
  }

  public void setTolerationSeconds(Long tolerationSeconds) {
    this.tolerationSeconds = tolerationSeconds;
  }
}
