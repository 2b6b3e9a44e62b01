package dev.plateau.trainer.data;

import dev.plateau.trainer.InvalidInputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * An image folder: one sub-folder per class (sorted by name: the class numbers), each holding PNG
 * or JPEG images. Images are decoded to RGB and resized to a square of {@code size} pixels.
 *
 * @param root the folder
 * @param classes class names, in class-number order
 * @param files every image, class by class
 * @param labels the class number of each image
 * @param size the side length images are resized to
 */
public record ImageFolder(
    Path root, List<String> classes, List<Path> files, int[] labels, int size) {

  /** Indexes {@code root}; {@code classes} fixes the class order (null: from the folder). */
  public static ImageFolder index(Path root, List<String> classes, int size) {
    return index(root, classes, size, List.of());
  }

  /**
   * Indexes {@code root}, skipping the sub-folders named in {@code excluded} (validation and test
   * sets kept inside the training folder).
   */
  public static ImageFolder index(
      Path root, List<String> classes, int size, List<String> excluded) {
    if (!Files.isDirectory(root)) {
      throw new InvalidInputException("image folder " + root + " does not exist");
    }
    List<String> found = new ArrayList<>(subfolders(root));
    found.removeAll(excluded);
    if (found.isEmpty()) {
      throw new InvalidInputException(
          "image folder " + root + " has no class folders (expected one folder per class)");
    }
    if (classes != null && !classes.containsAll(found)) {
      List<String> unknown = new ArrayList<>(found);
      unknown.removeAll(classes);
      throw new InvalidInputException(
          "image folder " + root + " has classes " + unknown + " that the training data lacks");
    }
    List<String> order = classes == null ? found : classes;
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (String name : found) {
      List<Path> images = images(root.resolve(name));
      if (images.isEmpty()) {
        throw new InvalidInputException(
            "class folder " + root.resolve(name) + " holds no PNG or JPEG images");
      }
      files.addAll(images);
      images.forEach(i -> labels.add(order.indexOf(name)));
    }
    return new ImageFolder(
        root, order, files, labels.stream().mapToInt(Integer::intValue).toArray(), size);
  }

  public int count() {
    return files.size();
  }

  public long[] sampleShape() {
    return new long[] {3, size, size};
  }

  public int sampleSize() {
    return 3 * size * size;
  }

  /** The images at {@code indices}. */
  public ImageFolder select(int[] indices) {
    List<Path> f = IntStream.of(indices).mapToObj(files::get).toList();
    int[] l = IntStream.of(indices).map(i -> labels[i]).toArray();
    return new ImageFolder(root, classes, f, l, size);
  }

  /** Decodes every image into memory, on all cores. */
  public LabeledData load() {
    float[] features = new float[count() * sampleSize()];
    IntStream.range(0, count()).parallel().forEach(i -> decode(i, features, i * sampleSize()));
    return new LabeledData(features, labels.clone(), sampleShape());
  }

  /** Decodes image {@code index} as RGB in [0, 1], channel-first, into {@code out}. */
  public void decode(int index, float[] out, int offset) {
    Path file = files.get(index);
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(
          file + ": does not decode as PNG or JPEG: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new InvalidInputException(file + ": does not decode as PNG or JPEG");
    }
    BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(toRgb(image), 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    int plane = size * size;
    int[] rgb = scaled.getRGB(0, 0, size, size, null, 0, size);
    for (int p = 0; p < plane; p++) {
      out[offset + p] = ((rgb[p] >> 16) & 0xff) / 255f;
      out[offset + plane + p] = ((rgb[p] >> 8) & 0xff) / 255f;
      out[offset + 2 * plane + p] = (rgb[p] & 0xff) / 255f;
    }
  }

  /**
   * The image as 8-bit RGB from its stored sample values, alpha dropped (as PIL's {@code
   * convert("RGB")} and torchvision's loader do). Grey and RGB rasters of any bit depth are read
   * sample by sample and scaled to 8 bits; palettes through their table. Drawing through Java's
   * colour models instead treats grey+alpha PNGs as linear grey and brightens them (a stored 128
   * becomes 188). CMYK (JPEGs from print workflows) is converted as Pillow converts it, not through
   * Java's colour management, which also gives 188 for 128. Other colour spaces go through Java's
   * colour management.
   */
  static BufferedImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.image.ColorModel model = image.getColorModel();
    java.awt.image.Raster raster = image.getRaster();
    int[] out = new int[w * h];
    if (model instanceof java.awt.image.IndexColorModel palette) {
      int[] index = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      for (int p = 0; p < out.length; p++) {
        out[p] = palette.getRGB(index[p]) & 0xFFFFFF;
      }
    } else if (model.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY) {
      int[] grey = eightBit(raster, 0, w, h);
      for (int p = 0; p < out.length; p++) {
        out[p] = grey[p] << 16 | grey[p] << 8 | grey[p];
      }
    } else if (model.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_RGB
        && raster.getNumBands() >= 3
        && !(model instanceof java.awt.image.DirectColorModel)) {
      int[] r = eightBit(raster, 0, w, h);
      int[] gr = eightBit(raster, 1, w, h);
      int[] b = eightBit(raster, 2, w, h);
      for (int p = 0; p < out.length; p++) {
        out[p] = r[p] << 16 | gr[p] << 8 | b[p];
      }
    } else if (model.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_CMYK
        && raster.getNumBands() == 4) {
      // As Pillow converts CMYK (and so torchvision's loader): 255 - (ink + black), clipped.
      int[] c = eightBit(raster, 0, w, h);
      int[] m = eightBit(raster, 1, w, h);
      int[] y = eightBit(raster, 2, w, h);
      int[] k = eightBit(raster, 3, w, h);
      for (int p = 0; p < out.length; p++) {
        int r = Math.max(0, 255 - c[p] - k[p]);
        int gr = Math.max(0, 255 - m[p] - k[p]);
        int b = Math.max(0, 255 - y[p] - k[p]);
        out[p] = r << 16 | gr << 8 | b;
      }
    } else {
      image.getRGB(0, 0, w, h, out, 0, w);
      for (int p = 0; p < out.length; p++) {
        out[p] &= 0xFFFFFF;
      }
    }
    rgb.setRGB(0, 0, w, h, out, 0, w);
    return rgb;
  }

  /** One band's samples scaled from their bit depth to 0..255, rounded. */
  private static int[] eightBit(java.awt.image.Raster raster, int band, int w, int h) {
    int[] samples = raster.getSamples(0, 0, w, h, band, (int[]) null);
    int bits = raster.getSampleModel().getSampleSize(band);
    if (bits != 8) {
      double max = (1L << bits) - 1;
      for (int p = 0; p < samples.length; p++) {
        samples[p] = (int) Math.round(samples[p] * 255.0 / max);
      }
    }
    return samples;
  }

  /** The folder macOS's Finder adds to a zip, holding a "._" metadata file per file. */
  static final String MACOS_ZIP_METADATA = "__MACOSX";

  private static List<String> subfolders(Path root) {
    try (Stream<Path> list = Files.list(root)) {
      return list.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          // Hidden folders, and the metadata tree macOS puts in its zips: not classes.
          .filter(n -> !n.startsWith(".") && !n.equals(MACOS_ZIP_METADATA))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> images(Path folder) {
    try (Stream<Path> list = Files.list(folder)) {
      // Hidden files are skipped like hidden folders: macOS writes "._name.jpg" metadata files
      // with an image's extension next to every image on FAT, exFAT and SMB volumes.
      return list.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return !n.startsWith(".")
                    && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }
}
