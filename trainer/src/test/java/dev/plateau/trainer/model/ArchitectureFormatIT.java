package dev.plateau.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.Architecture;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.DatasetFormat;
import dev.plateau.api.v1alpha1.DatasetSpec;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.ModelSpec;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingSpec;
import dev.plateau.trainer.InvalidInputException;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import dev.plateau.trainer.data.DatasetLoader;
import dev.plateau.trainer.loop.Interruption;
import dev.plateau.trainer.loop.Training;
import dev.plateau.trainer.loop.TrainingSetup;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in architecture on every format at the format's smallest input: 20 samples, one epoch
 * of two batches trains, or the pair is refused before training with the minimum the architecture
 * needs.
 */
class ArchitectureFormatIT {

  private static final int SAMPLES = 20;

  @TempDir Path dir;

  /** A dataset of one format and sample shape, written by {@link #write}. */
  enum Data {
    IDX_4X4(DatasetFormat.IDX, 1, 4),
    IDX_28X28(DatasetFormat.IDX, 1, 28),
    CIFAR10(DatasetFormat.CIFAR10, 3, 32),
    IMAGEFOLDER_8X8(DatasetFormat.IMAGEFOLDER, 3, 8),
    CSV_3_FEATURES(DatasetFormat.CSV, 0, 3);

    final DatasetFormat format;
    final int channels;
    final int side;

    Data(DatasetFormat format, int channels, int side) {
      this.format = format;
      this.channels = channels;
      this.side = side;
    }
  }

  /** The smallest image side each architecture accepts; 0 where 1-D samples do too. */
  static int minimumSide(Architecture architecture) {
    return switch (architecture) {
      case MLP -> 0;
      case CNN -> 4;
      case LENET -> 12;
      case RESNET18 -> 1;
    };
  }

  static Stream<Arguments> pairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (Architecture architecture : Architecture.values()) {
      for (Data data : Data.values()) {
        pairs.add(Arguments.of(architecture, data));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("pairs")
  void trainsTwoBatchesOrIsRefusedWithTheMinimum(Architecture architecture, Data data)
      throws Exception {
    Path dataDir = write(data);
    Training training =
        new Training(
            setup(config(architecture, data), dataDir), List.of(), DatasetLoader.withDefaults());
    int minimum = minimumSide(architecture);
    if (architecture != Architecture.MLP && data.channels == 0) {
      assertThatThrownBy(training::run)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("needs images (channels x height x width)")
          .hasMessageContaining("use architecture: mlp");
    } else if (data.side < minimum) {
      assertThatThrownBy(training::run)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(
              "images of "
                  + data.side
                  + "x"
                  + data.side
                  + " are too small for "
                  + name(architecture))
          .hasMessageContaining("at least " + minimum + "x" + minimum);
      assertThat(dir.resolve("runs/pair/last")).doesNotExist();
    } else {
      TrainingResult result = training.run();
      assertThat(result.getEpochs()).isEqualTo(1);
      assertThat(result.getBestEpoch()).isEqualTo(1);
      assertThat(result.getBestMetric()).isNotNull();
    }
  }

  private static String name(Architecture architecture) {
    return architecture.name().toLowerCase(java.util.Locale.ROOT);
  }

  private TrainingSetup setup(TrainerConfig config, Path dataDir) {
    return new TrainingSetup(
        config,
        "pair",
        "uid-1",
        dataDir,
        null,
        dir.resolve("runs/pair"),
        Device.cpu(),
        new CheckpointRef("models", "pair/best"),
        new Interruption(),
        AtomicFiles.StepHook.NONE,
        Clock.systemUTC(),
        line -> {});
  }

  private static TrainerConfig config(Architecture architecture, Data data) {
    ModelSpec model = new ModelSpec();
    model.setArchitecture(architecture);
    DatasetSpec dataset = new DatasetSpec();
    dataset.setFormat(data.format);
    dataset.setClaimName("datasets");
    dataset.setPath("data");
    dataset.setValidationSplit(0.2);
    if (data.format == DatasetFormat.IMAGEFOLDER) {
      dataset.setImageSize(data.side);
    }
    TrainingSpec training = new TrainingSpec();
    training.setMaxEpochs(1);
    training.setBatchSize(8);
    EarlyStoppingSpec earlyStopping = new EarlyStoppingSpec();
    earlyStopping.setMode(earlyStopping.resolvedMode());
    TrainerConfig config = new TrainerConfig();
    config.setModel(model);
    config.setDataset(dataset);
    config.setTraining(training);
    config.setEarlyStopping(earlyStopping);
    config.setCheckpointClaim("models");
    return config;
  }

  /** Writes {@link #SAMPLES} samples of two classes in the format; returns the folder. */
  private Path write(Data data) throws IOException {
    Path folder = dir.resolve("data");
    Files.createDirectories(folder);
    switch (data.format) {
      case IDX -> {
        int pixels = data.side * data.side;
        byte[] images = new byte[SAMPLES * pixels];
        byte[] labels = new byte[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
          labels[i] = (byte) (i % 2);
          for (int p = 0; p < pixels; p++) {
            images[i * pixels + p] = (byte) ((i % 2) * 200 + p % 50);
          }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0803);
        out.writeInt(SAMPLES);
        out.writeInt(data.side);
        out.writeInt(data.side);
        out.write(images);
        Files.write(folder.resolve("train-images-idx3-ubyte"), bytes.toByteArray());
        bytes = new ByteArrayOutputStream();
        out = new DataOutputStream(bytes);
        out.writeInt(0x0801);
        out.writeInt(SAMPLES);
        out.write(labels);
        Files.write(folder.resolve("train-labels-idx1-ubyte"), bytes.toByteArray());
      }
      case CIFAR10 -> {
        int record = 1 + 3 * 32 * 32;
        byte[] batch = new byte[SAMPLES * record];
        for (int i = 0; i < SAMPLES; i++) {
          batch[i * record] = (byte) (i % 2);
          for (int p = 1; p < record; p++) {
            batch[i * record + p] = (byte) ((i % 2) * 150 + p % 40);
          }
        }
        Files.write(folder.resolve("data_batch_1.bin"), batch);
      }
      case IMAGEFOLDER -> {
        for (int i = 0; i < SAMPLES; i++) {
          Path file = folder.resolve("class-" + (i % 2) + "/" + i + ".png");
          Files.createDirectories(file.getParent());
          BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
          for (int x = 0; x < 12; x++) {
            for (int y = 0; y < 12; y++) {
              image.setRGB(x, y, i % 2 == 0 ? 0x204060 + x : 0xc0a080 + y);
            }
          }
          ImageIO.write(image, "png", file.toFile());
        }
      }
      case CSV -> {
        StringBuilder csv = new StringBuilder("label,a,b,c\n");
        for (int i = 0; i < SAMPLES; i++) {
          csv.append(i % 2).append(',').append(i).append(',').append(i % 2 * 3.5).append(",1\n");
        }
        Files.writeString(folder.resolve("train.csv"), csv.toString());
      }
    }
    return folder;
  }
}
