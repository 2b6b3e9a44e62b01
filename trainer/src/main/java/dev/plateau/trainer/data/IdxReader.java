package dev.plateau.trainer.data;

import dev.plateau.trainer.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files, gzipped or not: {@code <prefix>-images-idx3-ubyte[.gz]} (unsigned
 * bytes, N x rows x cols) and {@code <prefix>-labels-idx1-ubyte[.gz]} (N unsigned bytes).
 */
public final class IdxReader {

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** The images and labels of one split ({@code train} or {@code t10k}) in {@code dir}. */
  public static LabeledData read(Path dir, String prefix) {
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    int[] labelValues = readLabels(labels);
    ImageArray imageValues = readImages(images);
    if (labelValues.length != imageValues.count()) {
      throw new InvalidInputException(
          labels
              + " holds "
              + labelValues.length
              + " labels but "
              + images
              + " holds "
              + imageValues.count()
              + " images: the files do not belong together");
    }
    return new LabeledData(
        imageValues.pixels(), labelValues, new long[] {1, imageValues.rows(), imageValues.cols()});
  }

  /** Whether {@code dir} holds the files of split {@code prefix}. */
  public static boolean exists(Path dir, String prefix) {
    return resolve(dir, prefix + "-images-idx3-ubyte") != null
        && resolve(dir, prefix + "-labels-idx1-ubyte") != null;
  }

  private static Path find(Path dir, String name) {
    Path found = resolve(dir, name);
    if (found == null) {
      throw new InvalidInputException(
          "dataset folder " + dir + " has no " + name + " (nor " + name + ".gz)");
    }
    return found;
  }

  /**
   * The file of {@code name} (e.g. {@code train-images-idx3-ubyte}), with or without {@code .gz},
   * also in the dotted spelling many unpackers and mirrors use ({@code train-images.idx3-ubyte}).
   */
  private static Path resolve(Path dir, String name) {
    String dotted = name.replace("-idx", ".idx");
    for (String n : new String[] {name, dotted}) {
      for (Path candidate : new Path[] {dir.resolve(n + ".gz"), dir.resolve(n)}) {
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  record ImageArray(float[] pixels, int count, int rows, int cols) {}

  static ImageArray readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new InvalidInputException(
            String.format(
                "%s: wrong magic number 0x%08x, expected 0x%08x for IDX images",
                file, magic, IMAGES_MAGIC));
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE) {
        throw new InvalidInputException(
            file + ": impossible dimensions " + count + " x " + rows + " x " + cols);
      }
      byte[] raw = new byte[count * rows * cols];
      in.readFully(raw);
      float[] pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xff) / 255f;
      }
      return new ImageArray(pixels, count, rows, cols);
    } catch (EOFException e) {
      throw new InvalidInputException(file + ": truncated: the file ends before its last image", e);
    } catch (ZipException e) {
      throw new InvalidInputException(file + ": not a valid gzip file: " + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw new InvalidInputException(
            String.format(
                "%s: wrong magic number 0x%08x, expected 0x%08x for IDX labels",
                file, magic, LABELS_MAGIC));
      }
      int count = in.readInt();
      if (count < 0) {
        throw new InvalidInputException(file + ": impossible label count " + count);
      }
      byte[] raw = new byte[count];
      in.readFully(raw);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    } catch (EOFException e) {
      throw new InvalidInputException(file + ": truncated: the file ends before its last label", e);
    } catch (ZipException e) {
      throw new InvalidInputException(file + ": not a valid gzip file: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file's bytes, gunzipped when they are gzip data (recognised by its magic bytes 1f 8b, not
   * by the name: a download without its .gz is still gzip).
   */
  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    if (gzip) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(in);
  }
}
