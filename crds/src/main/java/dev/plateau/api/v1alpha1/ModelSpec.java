package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What to train: an architecture from a closed list, sized from the data, or the team's own
 * TorchScript module.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.architecture) != has(self.torchscript)",
    fieldPath = ".architecture",
    message =
        "model needs exactly one of architecture (a built-in model) or torchscript (your own)")
@ValidationRule(
    value = "!has(self.hiddenLayers) || (has(self.architecture) && self.architecture == 'mlp')",
    fieldPath = ".hiddenLayers",
    message = "hiddenLayers applies only to architecture: mlp")
@ValidationRule(
    value =
        "!has(self.dropout) || (has(self.architecture) && (self.architecture == 'mlp' ||"
            + " self.architecture == 'cnn'))",
    fieldPath = ".dropout",
    message = "dropout applies only to architecture: mlp or cnn")
public class ModelSpec {

  /** Hidden layer sizes of the MLP when the manifest does not name them. */
  public static final List<Integer> DEFAULT_HIDDEN_LAYERS = List.of(256, 128);

  /** Dropout of the cnn's dense layer when the manifest does not name one. */
  public static final double DEFAULT_CNN_DROPOUT = 0.4;

  @JsonPropertyDescription(
      "The built-in architecture to train: mlp, cnn (two convolution blocks), lenet (LeNet-5)"
          + " or resnet18. Input channels, image size and the number of classes come from the"
          + " dataset. Not with torchscript.")
  private Architecture architecture;

  @JsonPropertyDescription(
      "Your own model: a TorchScript file (torch.jit.script or torch.jit.trace) that takes the"
          + " dataset's input batch (N, C, H, W for images; N, features for csv) and returns"
          + " logits (N, classes). Trained with cross-entropy by Plateau's loop; best/model.pt"
          + " holds it with the best epoch's weights. Not with architecture.")
  private TorchScriptModel torchscript;

  @Size(min = 1, max = 8)
  @ValidationRule(
      value = "self.all(h, h >= 1 && h <= 8192)",
      message = "every hiddenLayers entry must be between 1 and 8192")
  @JsonPropertyDescription(
      "Sizes of the hidden layers of an mlp, input side first. Default [256, 128]. Only for"
          + " architecture: mlp.")
  private List<Integer> hiddenLayers;

  @Min(0)
  @Max(0.9)
  @JsonPropertyDescription(
      "Dropout probability during training (0 to 0.9): after each hidden block of an mlp"
          + " (default 0: none) or before the output layer of a cnn (default 0.4, the reference"
          + " design's). Only for architecture: mlp or cnn.")
  private Double dropout;

  public Architecture getArchitecture() {
    return architecture;
  }

  public void setArchitecture(Architecture architecture) {
    this.architecture = architecture;
  }

  public TorchScriptModel getTorchscript() {
    return torchscript;
  }

  public void setTorchscript(TorchScriptModel torchscript) {
    this.torchscript = torchscript;
  }

  /** How the model is named in messages: its architecture, or "torchscript". */
  public String describe() {
    return architecture != null
        ? architecture.name().toLowerCase(java.util.Locale.ROOT)
        : "torchscript " + torchscript.fileName();
  }

  public List<Integer> getHiddenLayers() {
    return hiddenLayers;
  }

  public void setHiddenLayers(List<Integer> hiddenLayers) {
    this.hiddenLayers = hiddenLayers;
  }

  public Double getDropout() {
    return dropout;
  }

  public void setDropout(Double dropout) {
    this.dropout = dropout;
  }

  /** The hidden layer sizes to build, the default when none are given. */
  public List<Integer> hiddenLayersOrDefault() {
    return hiddenLayers == null || hiddenLayers.isEmpty() ? DEFAULT_HIDDEN_LAYERS : hiddenLayers;
  }

  /** The dropout to apply: the given one, else the architecture's default. */
  public double dropoutOrDefault() {
    if (dropout != null) {
      return dropout;
    }
    return architecture == Architecture.CNN ? DEFAULT_CNN_DROPOUT : 0.0;
  }
}
