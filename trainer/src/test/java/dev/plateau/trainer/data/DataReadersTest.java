package dev.plateau.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plateau.api.v1alpha1.CsvOptions;
import dev.plateau.api.v1alpha1.DatasetFormat;
import dev.plateau.api.v1alpha1.DatasetSpec;
import dev.plateau.trainer.InvalidInputException;
import dev.plateau.trainer.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format reads real or generated files, and bad files fail with the file's name. */
class DataReadersTest {

  @TempDir Path dir;

  @Test
  void readsTheRealFashionMnistGzipped() {
    LabeledData train = IdxReader.read(TestData.fashionMnist(), "train");
    LabeledData test = IdxReader.read(TestData.fashionMnist(), "t10k");

    assertThat(train.size()).isEqualTo(60_000);
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(train.sampleShape()).containsExactly(1, 28, 28);
    assertThat(train.classCount()).isEqualTo(10);
    float max = 0;
    for (float v : Arrays.copyOf(train.features(), 784 * 100)) {
      max = Math.max(max, v);
    }
    assertThat(max).isLessThanOrEqualTo(1f).isGreaterThan(0.9f);
  }

  @Test
  void readsUncompressedIdxTheSame() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    gunzip(
        TestData.fashionMnist().resolve("t10k-images-idx3-ubyte.gz"),
        plain.resolve("train-images-idx3-ubyte"));
    gunzip(
        TestData.fashionMnist().resolve("t10k-labels-idx1-ubyte.gz"),
        plain.resolve("train-labels-idx1-ubyte"));

    LabeledData fromPlain = IdxReader.read(plain, "train");
    LabeledData fromGzip = IdxReader.read(TestData.fashionMnist(), "t10k");

    assertThat(fromPlain.labels()).isEqualTo(fromGzip.labels());
    assertThat(fromPlain.features()).isEqualTo(fromGzip.features());
  }

  @Test
  void idxWithAWrongMagicNumberNamesTheFile() throws IOException {
    writeIdxLabels(dir.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2});
    writeIdx(dir.resolve("train-images-idx3-ubyte"), 0x0801, 2, 2, 2, new byte[8]);

    assertThatThrownBy(() -> IdxReader.read(dir, "train"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "train-images-idx3-ubyte: wrong magic number 0x00000801, expected 0x00000803");
  }

  @Test
  void truncatedIdxIsReportedAsTruncated() throws IOException {
    writeIdxLabels(dir.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2});
    writeIdx(dir.resolve("train-images-idx3-ubyte"), 0x0803, 2, 28, 28, new byte[100]);

    assertThatThrownBy(() -> IdxReader.read(dir, "train"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("train-images-idx3-ubyte: truncated");
  }

  @Test
  void aCutOffGzipIsReportedAsTruncated() throws IOException {
    byte[] whole = Files.readAllBytes(TestData.fashionMnist().resolve("t10k-labels-idx1-ubyte.gz"));
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), Arrays.copyOf(whole, whole.length / 2));
    Files.copy(
        TestData.fashionMnist().resolve("t10k-images-idx3-ubyte.gz"),
        dir.resolve("train-images-idx3-ubyte.gz"));

    assertThatThrownBy(() -> IdxReader.read(dir, "train"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("train-labels-idx1-ubyte.gz: truncated");
  }

  @Test
  void imagesAndLabelsOfDifferentCountsDoNotBelongTogether() throws IOException {
    writeIdxLabels(dir.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2, 3});
    writeIdx(dir.resolve("train-images-idx3-ubyte"), 0x0803, 2, 2, 2, new byte[8]);

    assertThatThrownBy(() -> IdxReader.read(dir, "train"))
        .hasMessageContaining("holds 3 labels but")
        .hasMessageContaining("holds 2 images");
  }

  @Test
  void aMissingIdxFileSaysWhichOne() {
    assertThatThrownBy(() -> IdxReader.read(dir, "train"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no train-images-idx3-ubyte (nor train-images-idx3-ubyte.gz)");
  }

  @Test
  void validationLabelsOutsideTheTrainingClassesAreRejected() throws IOException {
    Path train = Files.createDirectories(dir.resolve("set"));
    writeIdxLabels(train.resolve("train-labels-idx1-ubyte"), new byte[] {0, 1, 0, 1});
    writeIdx(train.resolve("train-images-idx3-ubyte"), 0x0803, 4, 2, 2, new byte[16]);
    writeIdxLabels(train.resolve("t10k-labels-idx1-ubyte"), new byte[] {7});
    writeIdx(train.resolve("t10k-images-idx3-ubyte"), 0x0803, 1, 2, 2, new byte[4]);
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(DatasetFormat.IDX);

    assertThatThrownBy(() -> DatasetLoader.withDefaults().load(spec, train, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("test data: sample 0 has label 7, out of range");
  }

  /** cases/D-8: the dotted names of many mirrors, and gzip data that lost its .gz. */
  @Test
  void idxFilesAreFoundByTheirDottedNamesAndGzipByItsBytes() throws IOException {
    Path source = TestData.fashionMnist();
    Files.copy(source.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("train-images.idx3-ubyte"));
    Files.copy(source.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("train-labels.idx1-ubyte"));

    LabeledData data = IdxReader.read(dir, "train");

    assertThat(data.size()).isEqualTo(10000);
    assertThat(data.sampleShape()).containsExactly(1, 28, 28);
  }

  @Test
  void csvWithHeaderAndLabelColumn() throws IOException {
    Files.writeString(dir.resolve("iris.csv"), "a,b,label\n1.0,2.0,0\n3,4,1\n5,6.5,2\n");
    CsvOptions options = new CsvOptions();
    options.setLabelColumn(2);

    LabeledData data = CsvReader.read(dir, options).data();

    assertThat(data.labels()).containsExactly(0, 1, 2);
    assertThat(data.features()).containsExactly(1f, 2f, 3f, 4f, 5f, 6.5f);
    assertThat(data.sampleShape()).containsExactly(2);
  }

  /** cases/D-2 and its kind: what RFC 4180 allows and exporters write. */
  @Test
  void csvIsReadAsRfc4180() throws IOException {
    // Quoted cells (Python's QUOTE_ALL, R's write.csv), CRLF line ends, a UTF-8 byte order mark.
    Files.writeString(
        dir.resolve("a.csv"),
        "\uFEFF\"label\",\"x\",\"y\"\r\n\"0\",\"0.3865\",\"-2\"\r\n\"1\",\"1e3\", 4 \r\n");

    CsvReader.Result csv = CsvReader.read(dir.resolve("a.csv"), new CsvOptions());

    assertThat(csv.data().labels()).containsExactly(0, 1);
    assertThat(csv.data().features()).containsExactly(0.3865f, -2f, 1000f, 4f);
    assertThat(csv.classNames()).isNull();
  }

  @Test
  void csvLabelsMayBeNamesAndColumnsMayBeNamed() throws IOException {
    Files.writeString(dir.resolve("1.csv"), "x,species,y\n1,setosa,2\n3,virginica,4\n");
    Files.writeString(dir.resolve("2.csv"), "x,species,y\n5,\"versicolor\",6\n7,setosa,8\n");
    CsvOptions options = new CsvOptions();
    options.setLabelName("species");

    CsvReader.Result csv = CsvReader.read(dir, options);

    assertThat(csv.classNames()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(csv.data().labels()).containsExactly(0, 2, 1, 0);
    assertThat(csv.data().features()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
    Path other = dir.resolve("other/test.csv");
    Files.createDirectories(other.getParent());
    Files.writeString(other, "x,species,y\n1,virginica,1\n2,daisy,2\n");
    assertThatThrownBy(() -> CsvReader.read(other, options, csv.classNames()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "test.csv:3: label 'daisy' is not a class of the training data [setosa, versicolor,"
                + " virginica]");
    options.setLabelName("kind");
    assertThatThrownBy(() -> CsvReader.read(dir, options))
        .hasMessageContaining("csv.labelName 'kind' is not a column of [x, species, y]");
  }

  @Test
  void csvFilesMustAgreeOnTheirColumns() throws IOException {
    Files.writeString(dir.resolve("1.csv"), "label,a,b\n0,1,2\n");
    Files.writeString(dir.resolve("2.csv"), "label,b,a\n1,2,1\n");

    assertThatThrownBy(() -> CsvReader.read(dir, new CsvOptions()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("2.csv: its header [label, b, a] differs from")
        .hasMessageContaining("1.csv's [label, a, b]");
  }

  @Test
  void csvErrorsNameFileAndLine() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "label,x\n0,1.5\n1,abc\n");
    assertThatThrownBy(() -> CsvReader.read(file, new CsvOptions()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bad.csv:3: column 1 value 'abc' is not a number");

    Files.writeString(file, "label,x\n0,1.5\n-1,2\n");
    assertThatThrownBy(() -> CsvReader.read(file, new CsvOptions()))
        .hasMessageContaining("bad.csv:3: label -1 is out of range");

    Files.writeString(file, "label,x\n0,1.5\n1,2,3\n");
    assertThatThrownBy(() -> CsvReader.read(file, new CsvOptions()))
        .hasMessageContaining("bad.csv:3: has 3 columns, expected 2");
  }

  @Test
  void cifar10BatchesAreRead() throws IOException {
    byte[] batch = new byte[2 * Cifar10Reader.RECORD];
    batch[0] = 3;
    batch[1] = (byte) 255;
    batch[Cifar10Reader.RECORD] = 9;
    Files.write(dir.resolve("data_batch_1.bin"), batch);

    LabeledData data = Cifar10Reader.readTrain(dir);

    assertThat(data.labels()).containsExactly(3, 9);
    assertThat(data.sampleShape()).containsExactly(3, 32, 32);
    assertThat(data.features()[0]).isEqualTo(1f);
  }

  @Test
  void cifar10LabelOutOfRangeAndTruncationAreNamed() throws IOException {
    byte[] batch = new byte[Cifar10Reader.RECORD];
    batch[0] = 12;
    Files.write(dir.resolve("data_batch_1.bin"), batch);
    assertThatThrownBy(() -> Cifar10Reader.readTrain(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("data_batch_1.bin: record 0 has label 12, out of range 0 to 9");

    Files.write(dir.resolve("data_batch_1.bin"), new byte[Cifar10Reader.RECORD + 10]);
    assertThatThrownBy(() -> Cifar10Reader.readTrain(dir))
        .hasMessageContaining("data_batch_1.bin: truncated or not a CIFAR-10 batch");
  }

  /**
   * cases/D-6: every PNG colour type and bit depth Java writes, and grey and colour JPEG, of a
   * stored grey level 128 decode to 128/255 in each channel (grey+alpha came out as 188).
   */
  @Test
  void everyColourTypeDecodesToItsStoredValue() throws IOException {
    java.util.Map<String, BufferedImage> images = new java.util.LinkedHashMap<>();
    images.put("gray8.png", filled(BufferedImage.TYPE_BYTE_GRAY, 128));
    images.put("gray16.png", filled(BufferedImage.TYPE_USHORT_GRAY, 128 * 257));
    images.put("gray_alpha8.png", greyAlpha(java.awt.image.DataBuffer.TYPE_BYTE, 128, 255));
    images.put(
        "gray_alpha16.png", greyAlpha(java.awt.image.DataBuffer.TYPE_USHORT, 128 * 257, 65535));
    images.put("rgb8.png", filled(BufferedImage.TYPE_INT_RGB, 0x808080));
    images.put("rgba8.png", filled(BufferedImage.TYPE_INT_ARGB, 0xff808080));
    images.put("rgb16.png", rgb16(128 * 257));
    images.put("palette.png", palette(0x808080));
    images.put("gray.jpg", filled(BufferedImage.TYPE_BYTE_GRAY, 128));
    images.put("rgb.jpg", filled(BufferedImage.TYPE_INT_RGB, 0x808080));
    for (var e : images.entrySet()) {
      Path file = dir.resolve("modes/grey/" + e.getKey());
      Files.createDirectories(file.getParent());
      String format = e.getKey().endsWith(".jpg") ? "jpg" : "png";
      assertThat(ImageIO.write(e.getValue(), format, file.toFile())).as(e.getKey()).isTrue();
    }
    Files.copy(
        DataReadersTest.class.getResourceAsStream("/images/cmyk-grey128.jpg"),
        dir.resolve("modes/grey/cmyk.jpg"));
    ImageFolder folder = ImageFolder.index(dir.resolve("modes"), null, 8);
    float[] out = new float[folder.sampleSize()];
    for (int i = 0; i < folder.count(); i++) {
      folder.decode(i, out, 0);
      String name = folder.files().get(i).getFileName().toString();
      for (float v : out) {
        assertThat(v * 255).as(name).isCloseTo(128f, org.assertj.core.api.Assertions.within(1.01f));
      }
    }
    assertThat(folder.count()).isEqualTo(images.size() + 1);
  }

  @Test
  void cmykJpegsConvertAsPillowConvertsThem() throws IOException {
    Files.createDirectories(dir.resolve("c/orange"));
    Files.copy(
        DataReadersTest.class.getResourceAsStream("/images/cmyk-orange.jpg"),
        dir.resolve("c/orange/a.jpg"));
    ImageFolder folder = ImageFolder.index(dir.resolve("c"), null, 4);
    float[] out = new float[folder.sampleSize()];
    folder.decode(0, out, 0);
    int plane = 16;
    assertThat(out[0] * 255).isCloseTo(255f, org.assertj.core.api.Assertions.within(1.01f));
    assertThat(out[plane] * 255).isCloseTo(128f, org.assertj.core.api.Assertions.within(1.01f));
    assertThat(out[2 * plane] * 255).isCloseTo(0f, org.assertj.core.api.Assertions.within(1.01f));
  }

  /** cases/D-5: macOS's "._" files and .DS_Store next to the images are not images. */
  @Test
  void hiddenFilesInAClassFolderAreSkipped() throws IOException {
    writeImage(dir.resolve("dog/img0.jpg"), 0x00ff00, "jpg");
    Files.write(dir.resolve("dog/._img0.jpg"), new byte[4096]);
    Files.write(dir.resolve("dog/.DS_Store"), new byte[100]);
    Files.write(dir.resolve(".DS_Store"), new byte[100]);
    // A zip made by macOS's Finder, unpacked: a __MACOSX tree of "._" files beside the classes.
    Files.createDirectories(dir.resolve("__MACOSX/dog"));
    Files.write(dir.resolve("__MACOSX/dog/._img0.jpg"), new byte[4096]);

    ImageFolder folder = ImageFolder.index(dir, null, 8);

    assertThat(folder.files())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("img0.jpg");
    assertThat(folder.load().size()).isEqualTo(1);
  }

  private static BufferedImage filled(int type, int value) {
    BufferedImage image = new BufferedImage(16, 16, type);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
          image.getRaster().setSample(x, y, 0, value);
        } else {
          image.setRGB(x, y, value);
        }
      }
    }
    return image;
  }

  /** A palette image whose pixels all use entry 1 of a two-colour palette. */
  private static BufferedImage palette(int rgb) {
    byte[] r = {0, (byte) (rgb >> 16)};
    byte[] g = {0, (byte) (rgb >> 8)};
    byte[] b = {0, (byte) rgb};
    var model = new java.awt.image.IndexColorModel(8, 2, r, g, b);
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED, model);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        image.getRaster().setSample(x, y, 0, 1);
      }
    }
    return image;
  }

  private static BufferedImage greyAlpha(int dataType, int grey, int alpha) {
    var model =
        new java.awt.image.ComponentColorModel(
            java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY),
            true,
            false,
            java.awt.Transparency.TRANSLUCENT,
            dataType);
    var raster = model.createCompatibleWritableRaster(16, 16);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        raster.setSample(x, y, 0, grey);
        raster.setSample(x, y, 1, alpha);
      }
    }
    return new BufferedImage(model, raster, false, null);
  }

  private static BufferedImage rgb16(int value) {
    var model =
        new java.awt.image.ComponentColorModel(
            java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
            false,
            false,
            java.awt.Transparency.OPAQUE,
            java.awt.image.DataBuffer.TYPE_USHORT);
    var raster = model.createCompatibleWritableRaster(16, 16);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        for (int b = 0; b < 3; b++) {
          raster.setSample(x, y, b, value);
        }
      }
    }
    return new BufferedImage(model, raster, false, null);
  }

  @Test
  void imageFolderDecodesAndResizes() throws IOException {
    writeImage(dir.resolve("cats/a.png"), 0xff0000, "png");
    writeImage(dir.resolve("cats/b.jpg"), 0xff0000, "jpg");
    writeImage(dir.resolve("dogs/c.png"), 0x0000ff, "png");

    ImageFolder folder = ImageFolder.index(dir, null, 8);
    LabeledData data = folder.load();

    assertThat(folder.classes()).containsExactly("cats", "dogs");
    assertThat(data.labels()).containsExactly(0, 0, 1);
    assertThat(data.sampleShape()).containsExactly(3, 8, 8);
    assertThat(data.features()[0]).as("red channel of a red cat").isGreaterThan(0.9f);
    assertThat(data.features()[2 * 192 + 2 * 64])
        .as("blue channel of a blue dog")
        .isGreaterThan(0.9f);
  }

  @Test
  void anEmptyClassFolderIsNamed() throws IOException {
    writeImage(dir.resolve("cats/a.png"), 0xff0000, "png");
    Files.createDirectories(dir.resolve("dogs"));

    assertThatThrownBy(() -> ImageFolder.index(dir, null, 8))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "class folder " + dir.resolve("dogs") + " holds no PNG or JPEG images");
  }

  @Test
  void anImageThatDoesNotDecodeIsNamed() throws IOException {
    writeImage(dir.resolve("cats/a.png"), 0xff0000, "png");
    Files.createDirectories(dir.resolve("dogs"));
    Files.writeString(dir.resolve("dogs/broken.png"), "not a png");

    ImageFolder folder = ImageFolder.index(dir, null, 8);
    assertThatThrownBy(folder::load)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("broken.png: does not decode as PNG or JPEG");
  }

  @Test
  void streamingServesTheSameBatchesAsMemory() throws Exception {
    for (int i = 0; i < 10; i++) {
      writeImage(dir.resolve((i % 2 == 0 ? "a" : "b") + "/" + i + ".png"), i * 0x101010, "png");
    }
    ImageFolder folder = ImageFolder.index(dir, null, 8);
    int[] order = Split.epochOrder(folder.count(), 1, 1);
    try (var manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      var streamed = new StreamingImageBatchSource(folder, 2).batches(manager, order, 4, 0);
      var inMemory = new InMemoryBatchSource(folder.load()).batches(manager, order, 4, 0);
      int batches = 0;
      while (inMemory.hasNext()) {
        try (Batch a = streamed.next();
            Batch b = inMemory.next()) {
          assertThat(a.labels().toLongArray()).isEqualTo(b.labels().toLongArray());
          assertThat(a.features().toFloatArray()).isEqualTo(b.features().toFloatArray());
        }
        batches++;
      }
      assertThat(streamed.hasNext()).isFalse();
      assertThat(batches).isEqualTo(3);
      streamed.close();
    }
  }

  /** cases/D-3: 120 samples of classes 0-2 and one of class 3, for every seed. */
  @Test
  void classCoverageNeverDependsOnTheSeed() throws IOException {
    StringBuilder csv = new StringBuilder("label,x\n");
    for (int i = 0; i < 120; i++) {
      csv.append(i % 3).append(',').append(i).append('\n');
    }
    csv.append("3,999\n");
    Files.writeString(dir.resolve("data.csv"), csv.toString());
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(DatasetFormat.CSV);
    spec.setValidationSplit(0.2);
    for (long seed = 1; seed <= 12; seed++) {
      PreparedData data = DatasetLoader.withDefaults().load(spec, dir, seed);
      assertThat(data.classes()).as("seed %d", seed).isEqualTo(4);
      assertThat(data.train().size()).isEqualTo(97);
      assertThat(data.validation().size()).isEqualTo(24);
      assertThat(data.split()[0]).as("the lone class-3 sample is trained on").contains(120);
      assertThat(data.warnings())
          .containsExactly(
              "classes [3] have no validation sample (one sample in all, kept for training):"
                  + " early stopping does not see them");
    }
  }

  @Test
  void everyClassWithTwoSamplesIsInBothParts() {
    // Classes sorted in the file, a rare class at the end: a plain random split may miss it.
    int[] labels = new int[50];
    labels[48] = 1;
    labels[49] = 1;
    for (long seed = 0; seed < 40; seed++) {
      int[][] parts = Split.trainValidation(labels, 0.1, seed);
      assertThat(parts[0]).hasSize(45);
      assertThat(IntStream.of(parts[0]).map(i -> labels[i])).as("seed %d", seed).contains(0, 1);
      assertThat(IntStream.of(parts[1]).map(i -> labels[i])).as("seed %d", seed).contains(0, 1);
    }
    // A split that already covers every class is the plain random split.
    int[] mixed = IntStream.range(0, 100).map(i -> i % 2).toArray();
    assertThat(Split.trainValidation(mixed, 0.1, 42))
        .isDeepEqualTo(Split.trainValidation(100, 0.1, 42));
  }

  @Test
  void maxSamplesKeepsEveryClass() {
    int[] sorted = IntStream.range(0, 30).map(i -> i / 10).toArray();
    int[] head = Split.headKeepingClasses(sorted, 12);
    assertThat(head).hasSize(12).contains(0, 20);
    assertThat(IntStream.of(head).map(i -> sorted[i]).distinct().count()).isEqualTo(3);
    assertThat(Split.headKeepingClasses(IntStream.range(0, 30).map(i -> i % 3).toArray(), 12))
        .containsExactly(IntStream.range(0, 12).toArray());
  }

  @Test
  void splitAndOrderDependOnlyOnTheSeed() {
    assertThat(Split.trainValidation(100, 0.1, 42))
        .isDeepEqualTo(Split.trainValidation(100, 0.1, 42));
    assertThat(Split.trainValidation(100, 0.1, 42)[1]).hasSize(10);
    assertThat(Split.epochOrder(100, 42, 3)).isEqualTo(Split.epochOrder(100, 42, 3));
    assertThat(Split.epochOrder(100, 42, 3)).isNotEqualTo(Split.epochOrder(100, 42, 4));
  }

  private static void writeImage(Path file, int rgb, String format) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 20; x++) {
      for (int y = 0; y < 10; y++) {
        image.setRGB(x, y, rgb);
      }
    }
    assertThat(ImageIO.write(image, format, file.toFile())).isTrue();
  }

  private static void writeIdx(Path file, int magic, int count, int rows, int cols, byte[] pixels)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    out.write(pixels);
    Files.write(file, bytes.toByteArray());
  }

  private static void writeIdxLabels(Path file, byte[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0801);
    out.writeInt(labels.length);
    out.write(labels);
    Files.write(file, bytes.toByteArray());
  }

  private static void gunzip(Path from, Path to) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(from));
        OutputStream out = Files.newOutputStream(to)) {
      in.transferTo(out);
    }
  }
}
