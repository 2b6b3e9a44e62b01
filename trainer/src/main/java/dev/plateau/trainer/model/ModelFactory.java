package dev.plateau.trainer.model;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.plateau.api.v1alpha1.ModelSpec;
import dev.plateau.trainer.InvalidInputException;

/**
 * Builds the block of an architecture for the data's shape. The same factory rebuilds it to load a
 * checkpoint, so a checkpoint and its block always agree.
 */
public final class ModelFactory {

  private ModelFactory() {}

  /**
   * @param spec the architecture and its settings
   * @param sampleShape shape of one sample: {channels, height, width} or {features}
   * @param classes number of classes
   */
  public static Block build(ModelSpec spec, long[] sampleShape, int classes) {
    return switch (spec.getArchitecture()) {
      case MLP -> mlp(spec, classes);
      case CNN -> cnn(requireImage(spec, sampleShape), classes, (float) spec.dropoutOrDefault());
      case LENET -> lenet(requireImage(spec, sampleShape), classes);
      case RESNET18 -> resnet18(requireImage(spec, sampleShape), classes);
    };
  }

  /** Fully connected layers on the flattened input, ReLU and optional dropout between. */
  static Block mlp(ModelSpec spec, int classes) {
    SequentialBlock block = new SequentialBlock().add(Blocks.batchFlattenBlock());
    for (int units : spec.hiddenLayersOrDefault()) {
      block.add(Linear.builder().setUnits(units).build()).add(Activation::relu);
      if (spec.dropoutOrDefault() > 0) {
        block.add(new SeededDropout((float) spec.dropoutOrDefault()));
      }
    }
    return block.add(Linear.builder().setUnits(classes).build());
  }

  /**
   * The reference design of the Fashion-MNIST benchmark: two 5x5 convolutions (32 and 64 filters)
   * each followed by 2x2 max pooling, a dense layer of 1024 units, dropout (0.4 unless the spec
   * names another).
   */
  static Block cnn(long[] shape, int classes, float dropout) {
    return new SequentialBlock()
        .add(conv(32, 5, 2))
        .add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(conv(64, 5, 2))
        .add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(1024).build())
        .add(Activation::relu)
        .add(new SeededDropout(dropout))
        .add(Linear.builder().setUnits(classes).build());
  }

  /** LeNet-5 with ReLU and max pooling; padding keeps 28x28 inputs at LeNet's 32x32 geometry. */
  static Block lenet(long[] shape, int classes) {
    return new SequentialBlock()
        .add(conv(6, 5, 2))
        .add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(conv(16, 5, 0))
        .add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(120).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(84).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(classes).build());
  }

  static Block resnet18(long[] shape, int classes) {
    return ResNetV1.builder()
        .setImageShape(new Shape(shape))
        .setNumLayers(18)
        .setOutSize(classes)
        .build();
  }

  private static Block conv(int filters, int kernel, int padding) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(padding, padding))
        .build();
  }

  private static long[] requireImage(ModelSpec spec, long[] shape) {
    if (shape.length != 3) {
      throw new InvalidInputException(
          "model.architecture "
              + spec.getArchitecture().name().toLowerCase(java.util.Locale.ROOT)
              + " needs images (channels x height x width), but the data has "
              + shape.length
              + "-dimensional samples; use architecture: mlp");
    }
    if (shape[1] < 12 || shape[2] < 12) {
      throw new InvalidInputException(
          "images of "
              + shape[1]
              + "x"
              + shape[2]
              + " are too small for "
              + spec.getArchitecture().name().toLowerCase(java.util.Locale.ROOT)
              + " (at least 12x12)");
    }
    return shape;
  }
}
