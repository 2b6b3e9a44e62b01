package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The model architectures the trainer can build; each is sized from the data's shape. */
public enum Architecture {
  /** Fully connected layers (see {@code hiddenLayers}) on the flattened input. */
  @JsonProperty("mlp")
  MLP,
  /** Two small convolution blocks and a dense head. */
  @JsonProperty("cnn")
  CNN,
  /** LeNet-5: two convolution and pooling stages, three dense layers. */
  @JsonProperty("lenet")
  LENET,
  /** ResNet-18 adapted to small images. */
  @JsonProperty("resnet18")
  RESNET18
}
