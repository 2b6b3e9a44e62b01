package dev.plateau.trainer.data;

import dev.plateau.trainer.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the CIFAR-10 binary batches: records of one label byte (0 to 9) and 3 x 32 x 32 pixel
 * bytes. Training data is {@code data_batch_*.bin}, test data {@code test_batch.bin}; the folder
 * may also hold them under {@code cifar-10-batches-bin/}.
 */
public final class Cifar10Reader {

  static final int SIDE = 32;
  static final int PIXELS = 3 * SIDE * SIDE;
  static final int RECORD = 1 + PIXELS;
  static final int CLASSES = 10;

  private Cifar10Reader() {}

  public static LabeledData readTrain(Path dir) {
    return read(batches(dir, "data_batch_"));
  }

  public static LabeledData readTest(Path dir) {
    return read(batches(dir, "test_batch"));
  }

  public static boolean hasTest(Path dir) {
    return !matching(folder(dir), "test_batch").isEmpty();
  }

  static LabeledData read(List<Path> files) {
    List<byte[]> contents = new ArrayList<>();
    int count = 0;
    for (Path file : files) {
      try {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0 || bytes.length % RECORD != 0) {
          throw new InvalidInputException(
              file
                  + ": truncated or not a CIFAR-10 batch: "
                  + bytes.length
                  + " bytes is not a whole number of "
                  + RECORD
                  + "-byte records");
        }
        contents.add(bytes);
        count += bytes.length / RECORD;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    float[] features = new float[count * PIXELS];
    int[] labels = new int[count];
    int sample = 0;
    for (int f = 0; f < contents.size(); f++) {
      byte[] bytes = contents.get(f);
      for (int offset = 0; offset < bytes.length; offset += RECORD, sample++) {
        int label = bytes[offset] & 0xff;
        if (label >= CLASSES) {
          throw new InvalidInputException(
              files.get(f)
                  + ": record "
                  + (offset / RECORD)
                  + " has label "
                  + label
                  + ", out of range 0 to 9");
        }
        labels[sample] = label;
        int base = sample * PIXELS;
        for (int i = 0; i < PIXELS; i++) {
          features[base + i] = (bytes[offset + 1 + i] & 0xff) / 255f;
        }
      }
    }
    return new LabeledData(features, labels, new long[] {3, SIDE, SIDE});
  }

  private static List<Path> batches(Path dir, String prefix) {
    Path folder = folder(dir);
    List<Path> files = matching(folder, prefix);
    if (files.isEmpty()) {
      throw new InvalidInputException(
          "dataset folder " + dir + " has no CIFAR-10 batches " + prefix + "*.bin");
    }
    return files;
  }

  private static Path folder(Path dir) {
    Path nested = dir.resolve("cifar-10-batches-bin");
    return Files.isDirectory(nested) ? nested : dir;
  }

  private static List<Path> matching(Path folder, String prefix) {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException("dataset folder " + folder + " does not exist");
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".bin");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }
}
