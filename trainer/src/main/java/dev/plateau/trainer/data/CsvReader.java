package dev.plateau.trainer.data;

import dev.plateau.api.v1alpha1.CsvOptions;
import dev.plateau.trainer.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads CSV data: one integer class label column, every other column a numeric feature. A path is a
 * file or a folder whose {@code *.csv} files are read in name order.
 */
public final class CsvReader {

  private CsvReader() {}

  public static LabeledData read(Path path, CsvOptions options) {
    List<Path> files = files(path);
    int labelColumn = options.labelColumnOrDefault();
    boolean header = options.headerOrDefault();
    FloatList features = new FloatList();
    List<Integer> labels = new ArrayList<>();
    int columns = -1;
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file)) {
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if ((header && lineNumber == 1) || line.isBlank()) {
            continue;
          }
          String[] cells = line.split(",", -1);
          if (columns < 0) {
            columns = cells.length;
            if (labelColumn >= columns) {
              throw new InvalidInputException(
                  file
                      + ":"
                      + lineNumber
                      + ": csv.labelColumn is "
                      + labelColumn
                      + " but the"
                      + " line has only "
                      + columns
                      + " columns");
            }
            if (columns < 2) {
              throw new InvalidInputException(
                  file + ":" + lineNumber + ": needs a label column and at least one feature");
            }
          } else if (cells.length != columns) {
            throw new InvalidInputException(
                file
                    + ":"
                    + lineNumber
                    + ": has "
                    + cells.length
                    + " columns, expected "
                    + columns);
          }
          labels.add(parseLabel(cells[labelColumn].trim(), file, lineNumber));
          for (int c = 0; c < cells.length; c++) {
            if (c != labelColumn) {
              features.add(parseFeature(cells[c].trim(), file, lineNumber, c));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    if (labels.isEmpty()) {
      throw new InvalidInputException(path + ": holds no data rows");
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new LabeledData(features.toArray(), labelArray, new long[] {columns - 1});
  }

  private static List<Path> files(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new InvalidInputException(path + ": no such file or folder");
    }
    try (Stream<Path> list = Files.list(path)) {
      List<Path> files =
          list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
      if (files.isEmpty()) {
        throw new InvalidInputException(path + ": holds no .csv files");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  private static int parseLabel(String cell, Path file, int line) {
    try {
      int label = Integer.parseInt(cell);
      if (label < 0 || label > 100_000) {
        throw new InvalidInputException(
            file + ":" + line + ": label " + label + " is out of range (0 to 100000)");
      }
      return label;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          file + ":" + line + ": label '" + cell + "' is not a class number (0, 1, 2, ...)");
    }
  }

  private static float parseFeature(String cell, Path file, int line, int column) {
    try {
      float value = Float.parseFloat(cell);
      if (!Float.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          file + ":" + line + ": column " + column + " value '" + cell + "' is not a number");
    }
  }

  /** A growable float array: CSV sizes are not known up front. */
  private static final class FloatList {
    private float[] values = new float[1024];
    private int size;

    void add(float v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
