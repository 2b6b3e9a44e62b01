package dev.plateau.trainer.data;

import dev.plateau.api.v1alpha1.CsvOptions;
import dev.plateau.trainer.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV data with Apache Commons CSV (RFC 4180: quoted fields, a comma inside quotes, CRLF or
 * LF, a UTF-8 byte order mark): one class label column, every other column a numeric feature. A
 * path is a file or a folder whose {@code *.csv} files are read in name order; with a header line
 * every file must have the same columns in the same order.
 *
 * <p>Labels are class numbers (0, 1, 2, ...) or, when any label of the training data is not a
 * number, class names: numbered in sorted order, and returned so the checkpoint keeps them and
 * validation, test and {@code plateau evaluate} map names to the same numbers.
 */
public final class CsvReader {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private CsvReader() {}

  /**
   * What was read.
   *
   * @param data features and class numbers
   * @param classNames the class of each number when the labels are names, else null
   */
  public record Result(LabeledData data, List<String> classNames) {}

  /** Reads training data: its labels decide whether classes are numbers or names. */
  public static Result read(Path path, CsvOptions options) {
    return read(path, options, null);
  }

  /**
   * Reads data whose classes are already known.
   *
   * @param classNames the training data's class names, or null when its labels are numbers
   */
  public static Result read(Path path, CsvOptions options, List<String> classNames) {
    List<Path> files = files(path);
    boolean header = options.headerOrDefault();
    List<String> firstHeader = null;
    Path firstFile = null;
    List<float[]> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    // Where each row is, for a label error found after reading: file index and line, packed.
    long[] places = new long[1024];
    int labelColumn = -1;
    int columns = -1;
    for (Path file : files) {
      long fileIndex = files.indexOf(file);
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        reader.mark(1);
        if (reader.read() != BYTE_ORDER_MARK) {
          reader.reset();
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
          boolean first = true;
          for (CSVRecord record : parser) {
            long line = parser.getCurrentLineNumber();
            if (record.size() == 1 && record.get(0).isBlank()) {
              continue;
            }
            List<String> cells = record.toList();
            if (first && header) {
              first = false;
              if (firstHeader == null) {
                firstHeader = cells;
                firstFile = file;
                labelColumn = labelColumn(options, cells, file);
                columns = cells.size();
              } else if (!firstHeader.equals(cells)) {
                throw new InvalidInputException(
                    file
                        + ": its header "
                        + cells
                        + " differs from "
                        + firstFile
                        + "'s "
                        + firstHeader
                        + ": every file must have the same columns in the same order");
              }
              continue;
            }
            first = false;
            if (columns < 0) {
              columns = cells.size();
              labelColumn = labelColumn(options, null, file);
            }
            String where = file + ":" + line;
            if (labelColumn >= cells.size() && rows.isEmpty()) {
              throw new InvalidInputException(
                  where
                      + ": csv.labelColumn is "
                      + labelColumn
                      + " but the line has only "
                      + cells.size()
                      + " columns");
            }
            if (columns < 2) {
              throw new InvalidInputException(
                  where + ": needs a label column and at least one feature");
            }
            if (cells.size() != columns) {
              throw new InvalidInputException(
                  where + ": has " + cells.size() + " columns, expected " + columns);
            }
            float[] features = new float[columns - 1];
            int f = 0;
            for (int c = 0; c < columns; c++) {
              if (c != labelColumn) {
                features[f++] = parseFeature(cells.get(c), where, c);
              }
            }
            rows.add(features);
            labels.add(cells.get(labelColumn));
            if (rows.size() > places.length) {
              places = java.util.Arrays.copyOf(places, places.length * 2);
            }
            places[rows.size() - 1] = (fileIndex << 32) | line;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      } catch (IllegalStateException | UncheckedIOException e) {
        if (e.getCause() instanceof IOException io && io.getMessage() != null) {
          throw new InvalidInputException(file + ": not valid CSV: " + io.getMessage(), e);
        }
        throw e;
      }
    }
    if (rows.isEmpty()) {
      throw new InvalidInputException(path + ": holds no data rows");
    }
    List<String> names = classNames != null ? classNames : namesIfAny(labels);
    java.util.Map<String, Integer> classIndex = new java.util.HashMap<>();
    if (names != null) {
      for (int i = 0; i < names.size(); i++) {
        classIndex.put(names.get(i), i);
      }
    }
    int[] classes = new int[labels.size()];
    for (int i = 0; i < classes.length; i++) {
      classes[i] =
          names == null
              ? parseLabel(labels.get(i), files, places[i])
              : classOf(labels.get(i), classIndex, names, files, places[i]);
    }
    float[] features = new float[rows.size() * (columns - 1)];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, features, i * (columns - 1), columns - 1);
    }
    return new Result(new LabeledData(features, classes, new long[] {columns - 1}), names);
  }

  private static int labelColumn(CsvOptions options, List<String> header, Path file) {
    if (options.getLabelName() == null) {
      return options.labelColumnOrDefault();
    }
    if (header == null) {
      throw new InvalidInputException(
          "csv.labelName needs a header line, and " + file + " is read without one");
    }
    int index = header.indexOf(options.getLabelName());
    if (index < 0) {
      throw new InvalidInputException(
          file + ": csv.labelName '" + options.getLabelName() + "' is not a column of " + header);
    }
    return index;
  }

  /**
   * Sorted class names when some label is not a number at all (a number that is no class number,
   * such as -1 or 1.5, is an error of its own), else null.
   */
  private static List<String> namesIfAny(List<String> labels) {
    boolean numbers =
        labels.stream().allMatch(l -> l.matches("[-+]?\\d+([.]\\d*)?([eE][-+]?\\d+)?"));
    return numbers ? null : List.copyOf(new TreeSet<>(labels));
  }

  /** {@code file:line} of a packed place. */
  private static String where(List<Path> files, long place) {
    return files.get((int) (place >>> 32)) + ":" + (place & 0xFFFFFFFFL);
  }

  private static int classOf(
      String label,
      java.util.Map<String, Integer> classIndex,
      List<String> names,
      List<Path> files,
      long place) {
    Integer index = classIndex.get(label);
    if (index == null) {
      throw new InvalidInputException(
          where(files, place)
              + ": label '"
              + label
              + "' is not a class of the training data "
              + names);
    }
    return index;
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
          list.filter(p -> p.getFileName().toString().endsWith(".csv"))
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new InvalidInputException(path + ": holds no .csv files");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  private static int parseLabel(String cell, List<Path> files, long place) {
    try {
      int label = Integer.parseInt(cell);
      if (label < 0 || label > 100_000) {
        throw new InvalidInputException(
            where(files, place) + ": label " + label + " is out of range (0 to 100000)");
      }
      return label;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          where(files, place) + ": label '" + cell + "' is not a class number (0, 1, 2, ...)");
    }
  }

  private static float parseFeature(String cell, String where, int column) {
    try {
      float value = Float.parseFloat(cell);
      if (!Float.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          where + ": column " + column + " value '" + cell + "' is not a number");
    }
  }
}
