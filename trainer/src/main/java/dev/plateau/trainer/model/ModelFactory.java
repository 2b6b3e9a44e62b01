package dev.plateau.trainer.model;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.plateau.api.v1alpha1.ModelSpec;
import dev.plateau.trainer.InvalidInputException;

/**
 * Builds the block of an architecture for the data's shape. The same factory rebuilds it to load a
 * checkpoint, so a checkpoint and its block always agree.
 */
public final class ModelFactory {

  /** cnn: two 2x2 poolings after same-size convolutions leave a 4-pixel side 1 pixel. */
  static final int CNN_MIN_SIDE = 4;

  /** lenet: side/2 - 4 (the unpadded 5x5 convolution after the first pooling) must be 2 or more. */
  static final int LENET_MIN_SIDE = 12;

  /** resnet18: padded stride-2 convolutions and global pooling take any side. */
  static final int RESNET18_MIN_SIDE = 1;

  private ModelFactory() {}

  /**
   * @param spec the architecture and its settings
   * @param sampleShape shape of one sample: {channels, height, width} or {features}
   * @param classes number of classes
   */
  public static Block build(ModelSpec spec, long[] sampleShape, int classes) {
    return switch (spec.getArchitecture()) {
      case MLP -> mlp(spec, classes);
      case CNN ->
          cnn(
              requireImage(spec, sampleShape, CNN_MIN_SIDE),
              classes,
              (float) spec.dropoutOrDefault());
      case LENET -> lenet(requireImage(spec, sampleShape, LENET_MIN_SIDE), classes);
      case RESNET18 -> resnet18(requireImage(spec, sampleShape, RESNET18_MIN_SIDE), classes);
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

  /**
   * ResNet-18 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016) with the
   * small-image stem of the paper's CIFAR-10 experiments: one 3x3 convolution of 64 filters at
   * stride 1 and no max pooling, then four stages of two basic residual units (64, 128, 256 and 512
   * filters; the last three stages start at stride 2 with a projection shortcut), global average
   * pooling and the classifier. DJL's {@code ResNetV1} takes its CIFAR branch only up to 28 pixels,
   * where it refuses 18 layers, and above that the ImageNet stem (7x7 at stride 2, then max
   * pooling), which leaves a 32x32 image 8x8 before the first stage.
   */
  static Block resnet18(long[] shape, int classes) {
    SequentialBlock net =
        new SequentialBlock()
            .add(
                Conv2d.builder()
                    .setFilters(64)
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .optBias(false)
                    .build())
            .add(BatchNorm.builder().optMomentum(RESNET_BATCH_NORM_MOMENTUM).build())
            .add(Activation::relu);
    int[] filters = {64, 128, 256, 512};
    for (int stage = 0; stage < filters.length; stage++) {
      for (int unit = 0; unit < 2; unit++) {
        boolean downsample = stage > 0 && unit == 0;
        int stride = downsample ? 2 : 1;
        net.add(
            ResNetV1.residualUnit(
                filters[stage],
                new Shape(stride, stride),
                !downsample,
                false,
                RESNET_BATCH_NORM_MOMENTUM));
      }
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(classes).build());
  }

  /** DJL's default BatchNorm momentum (MXNet's convention: the share kept of the running value). */
  private static final float RESNET_BATCH_NORM_MOMENTUM = 0.9f;

  private static Block conv(int filters, int kernel, int padding) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(padding, padding))
        .build();
  }

  private static long[] requireImage(ModelSpec spec, long[] shape, int minimum) {
    if (shape.length != 3) {
      throw new InvalidInputException(
          "model.architecture "
              + spec.getArchitecture().name().toLowerCase(java.util.Locale.ROOT)
              + " needs images (channels x height x width), but the data has "
              + shape.length
              + "-dimensional samples; use architecture: mlp");
    }
    if (shape[1] < minimum || shape[2] < minimum) {
      throw new InvalidInputException(
          "images of "
              + shape[1]
              + "x"
              + shape[2]
              + " are too small for "
              + spec.getArchitecture().name().toLowerCase(java.util.Locale.ROOT)
              + " (at least "
              + minimum
              + "x"
              + minimum
              + ")");
    }
    return shape;
  }
}
