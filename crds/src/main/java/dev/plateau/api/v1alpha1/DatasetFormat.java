package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the dataset is stored. */
public enum DatasetFormat {
  /** MNIST-style IDX files ({@code train-images-idx3-ubyte[.gz]} and friends). */
  @JsonProperty("idx")
  IDX,
  /** CSV files: one label column and numeric feature columns. */
  @JsonProperty("csv")
  CSV,
  /** The CIFAR-10 binary batches ({@code data_batch_*.bin}, {@code test_batch.bin}). */
  @JsonProperty("cifar10")
  CIFAR10,
  /** One folder per class holding PNG or JPEG images. */
  @JsonProperty("imagefolder")
  IMAGEFOLDER
}
