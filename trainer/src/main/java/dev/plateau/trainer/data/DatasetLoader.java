package dev.plateau.trainer.data;

import dev.plateau.api.v1alpha1.DatasetFormat;
import dev.plateau.api.v1alpha1.DatasetSpec;
import dev.plateau.trainer.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a dataset spec and the folder holding its files into training, validation and test sources:
 * reads the format, applies the sample limit, splits by the seed, checks labels.
 */
public final class DatasetLoader {

  private final long inMemoryLimitBytes;
  private final int decoderThreads;

  /**
   * @param inMemoryLimitBytes image folders larger than this (decoded) are streamed
   * @param decoderThreads threads decoding streamed images
   */
  public DatasetLoader(long inMemoryLimitBytes, int decoderThreads) {
    this.inMemoryLimitBytes = inMemoryLimitBytes;
    this.decoderThreads = decoderThreads;
  }

  /** A loader holding up to a quarter of the heap of decoded images in memory. */
  public static DatasetLoader withDefaults() {
    return new DatasetLoader(
        Runtime.getRuntime().maxMemory() / 4, Runtime.getRuntime().availableProcessors());
  }

  public PreparedData load(DatasetSpec spec, Path dir, long seed) {
    if (!Files.isDirectory(dir)
        && !(spec.getFormat() == DatasetFormat.CSV && Files.isRegularFile(dir))) {
      throw new InvalidInputException("dataset folder " + dir + " does not exist");
    }
    return spec.getFormat() == DatasetFormat.IMAGEFOLDER
        ? loadImages(spec, dir, seed)
        : loadInMemory(spec, dir, seed);
  }

  /**
   * The test set alone, prepared as a checkpoint's model expects it: the checkpoint's class names,
   * image size and CSV scaling.
   */
  public BatchSource loadTest(
      DatasetSpec spec,
      Path dir,
      List<String> classNames,
      long[] sampleShape,
      float[] mean,
      float[] std) {
    if (spec.getFormat() == DatasetFormat.IMAGEFOLDER) {
      Path folder = spec.getTestPath() == null ? dir : dir.resolve(spec.getTestPath());
      return source(ImageFolder.index(folder, classNames, (int) sampleShape[1]));
    }
    LabeledData test = readTest(spec, dir, classNames);
    if (test == null) {
      throw new InvalidInputException(
          "dataset folder "
              + dir
              + " holds no test set (for idx the t10k-* files); name one"
              + " with the test path");
    }
    if (mean != null && std != null) {
      FeatureScaling.apply(test, mean, std);
    }
    return new InMemoryBatchSource(test);
  }

  private PreparedData loadInMemory(DatasetSpec spec, Path dir, long seed) {
    List<String> classNames = null;
    LabeledData full;
    if (spec.getFormat() == DatasetFormat.CSV) {
      CsvReader.Result csv = CsvReader.read(dir, spec.csvOrDefault());
      full = csv.data();
      classNames = csv.classNames();
    } else {
      full = readTrain(spec, dir);
    }
    // Classes come from all the labelled data, before any subset or split.
    int fullClasses = full.classCount();
    LabeledData all = limit(full, spec);
    LabeledData train;
    LabeledData validation;
    int[][] parts = null;
    if (spec.getValidationPath() != null) {
      train = all;
      validation =
          readOther(spec, dir.resolve(spec.getValidationPath()), "validationPath", classNames);
    } else {
      parts = Split.trainValidation(all.labels(), spec.validationSplitOrDefault(), seed);
      train = all.select(parts[0]);
      validation = all.select(parts[1]);
    }
    LabeledData test = readTest(spec, dir, classNames);
    requireNotEmpty(train, "training", dir);
    requireNotEmpty(validation, "validation", dir);
    int classes =
        classNames != null
            ? classNames.size()
            : spec.getFormat() == DatasetFormat.CIFAR10
                ? Cifar10Reader.CLASSES
                : train.classCount();
    if (classes < 2) {
      throw new InvalidInputException(
          "dataset " + dir + ": the training data has only " + classes + " class; need 2 or more");
    }
    checkLabels(validation, classes, "validation data");
    if (test != null) {
      checkLabels(test, classes, "test data");
    }
    float[] mean = null;
    float[] std = null;
    if (spec.getFormat() == DatasetFormat.CSV) {
      mean = FeatureScaling.mean(train);
      std = FeatureScaling.std(train, mean);
      for (LabeledData d :
          test == null ? List.of(train, validation) : List.of(train, validation, test)) {
        FeatureScaling.apply(d, mean, std);
      }
    }
    return new PreparedData(
        new InMemoryBatchSource(train),
        new InMemoryBatchSource(validation),
        test == null ? null : new InMemoryBatchSource(test),
        train.sampleShape(),
        classes,
        classNames,
        mean,
        std,
        parts,
        coverageWarnings(train.labels(), validation.labels(), classes));
  }

  private PreparedData loadImages(DatasetSpec spec, Path dir, long seed) {
    int size = spec.imageSizeOrDefault();
    List<String> inside = new java.util.ArrayList<>();
    for (String p : new String[] {spec.getValidationPath(), spec.getTestPath()}) {
      if (p != null) {
        inside.add(Path.of(p).getName(0).toString());
      }
    }
    ImageFolder all = ImageFolder.index(dir, null, size, inside);
    if (spec.getMaxSamples() != null && spec.getMaxSamples() < all.count()) {
      all = all.select(Split.headKeepingClasses(all.labels(), spec.getMaxSamples()));
    }
    ImageFolder train;
    ImageFolder validation;
    int[][] parts = null;
    if (spec.getValidationPath() != null) {
      train = all;
      validation = ImageFolder.index(dir.resolve(spec.getValidationPath()), all.classes(), size);
    } else {
      parts = Split.trainValidation(all.labels(), spec.validationSplitOrDefault(), seed);
      train = all.select(parts[0]);
      validation = all.select(parts[1]);
    }
    ImageFolder test =
        spec.getTestPath() == null
            ? null
            : ImageFolder.index(dir.resolve(spec.getTestPath()), all.classes(), size);
    if (validation.count() == 0) {
      throw new InvalidInputException("dataset " + dir + ": the validation set is empty");
    }
    return new PreparedData(
        source(train),
        source(validation),
        test == null ? null : source(test),
        all.sampleShape(),
        all.classes().size(),
        all.classes(),
        null,
        null,
        parts,
        coverageWarnings(train.labels(), validation.labels(), all.classes().size()));
  }

  private BatchSource source(ImageFolder images) {
    long bytes = (long) images.count() * images.sampleSize() * Float.BYTES;
    return bytes <= inMemoryLimitBytes
        ? new InMemoryBatchSource(images.load())
        : new StreamingImageBatchSource(images, decoderThreads);
  }

  private static LabeledData readTrain(DatasetSpec spec, Path dir) {
    return switch (spec.getFormat()) {
      case IDX -> IdxReader.read(dir, "train");
      case CSV -> CsvReader.read(dir, spec.csvOrDefault()).data();
      case CIFAR10 -> Cifar10Reader.readTrain(dir);
      case IMAGEFOLDER -> throw new IllegalArgumentException("image folders are indexed, not read");
    };
  }

  /** A separate validation or test set in the dataset's format. */
  private static LabeledData readOther(
      DatasetSpec spec, Path dir, String field, List<String> classNames) {
    if (!Files.exists(dir)) {
      throw new InvalidInputException("dataset." + field + ": " + dir + " does not exist");
    }
    return switch (spec.getFormat()) {
      case IDX -> IdxReader.read(dir, IdxReader.exists(dir, "t10k") ? "t10k" : "train");
      case CSV -> CsvReader.read(dir, spec.csvOrDefault(), classNames).data();
      case CIFAR10 ->
          Cifar10Reader.hasTest(dir) ? Cifar10Reader.readTest(dir) : Cifar10Reader.readTrain(dir);
      case IMAGEFOLDER -> throw new IllegalArgumentException("image folders are indexed, not read");
    };
  }

  private static LabeledData readTest(DatasetSpec spec, Path dir, List<String> classNames) {
    if (spec.getTestPath() != null) {
      return readOther(spec, dir.resolve(spec.getTestPath()), "testPath", classNames);
    }
    return switch (spec.getFormat()) {
      case IDX -> IdxReader.exists(dir, "t10k") ? IdxReader.read(dir, "t10k") : null;
      case CIFAR10 -> Cifar10Reader.hasTest(dir) ? Cifar10Reader.readTest(dir) : null;
      default -> null;
    };
  }

  /** The first maxSamples samples, every class of the data still represented. */
  private static LabeledData limit(LabeledData data, DatasetSpec spec) {
    return spec.getMaxSamples() == null || spec.getMaxSamples() >= data.size()
        ? data
        : data.select(Split.headKeepingClasses(data.labels(), spec.getMaxSamples()));
  }

  /** Classes the training or validation part lacks, and a validation part smaller than that. */
  static List<String> coverageWarnings(int[] train, int[] validation, int classes) {
    List<String> warnings = new java.util.ArrayList<>();
    boolean[] trained = new boolean[classes];
    boolean[] validated = new boolean[classes];
    for (int l : train) {
      trained[l] = true;
    }
    for (int l : validation) {
      validated[l] = true;
    }
    List<Integer> untrained = new java.util.ArrayList<>();
    List<Integer> unvalidated = new java.util.ArrayList<>();
    for (int c = 0; c < classes; c++) {
      if (!trained[c]) {
        untrained.add(c);
      } else if (!validated[c]) {
        unvalidated.add(c);
      }
    }
    if (!untrained.isEmpty()) {
      warnings.add(
          "classes " + untrained + " have no training sample: the model cannot learn them");
    }
    if (!unvalidated.isEmpty()) {
      warnings.add(
          "classes "
              + unvalidated
              + " have no validation sample (one sample in all, kept for training): early"
              + " stopping does not see them");
    }
    if (validation.length < classes) {
      warnings.add(
          "the validation set has "
              + validation.length
              + " samples for "
              + classes
              + " classes: its loss and accuracy will be noisy; raise validationSplit or add"
              + " data");
    }
    return warnings;
  }

  private static void requireNotEmpty(LabeledData data, String what, Path dir) {
    if (data.size() == 0) {
      throw new InvalidInputException("dataset " + dir + ": the " + what + " set is empty");
    }
  }

  private static void checkLabels(LabeledData data, int classes, String what) {
    for (int i = 0; i < data.size(); i++) {
      if (data.labels()[i] >= classes) {
        throw new InvalidInputException(
            what
                + ": sample "
                + i
                + " has label "
                + data.labels()[i]
                + ", out of range: the training data has classes 0 to "
                + (classes - 1));
      }
    }
  }
}
