package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Where the data is and how to split it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.files) && (has(self.claimName) || has(self.path)))",
    fieldPath = ".files",
    message =
        "choose one data source: claimName and path (an existing PVC), or files (downloaded),"
            + " not both")
@ValidationRule(
    value = "has(self.files) || (has(self.claimName) && has(self.path))",
    fieldPath = ".claimName",
    message =
        "the dataset needs a source: claimName and path (an existing PVC and the folder in it),"
            + " or files")
@ValidationRule(
    value = "!(has(self.validationSplit) && has(self.validationPath))",
    fieldPath = ".validationPath",
    message = "set validationSplit or validationPath, not both")
@ValidationRule(
    value = "!has(self.csv) || self.format == 'csv'",
    fieldPath = ".csv",
    message = "csv options apply only to format: csv")
@ValidationRule(
    value = "!has(self.imageSize) || self.format == 'imagefolder'",
    fieldPath = ".imageSize",
    message = "imageSize applies only to format: imagefolder")
public class DatasetSpec {

  /** Share of the training data held out for validation when no validationPath is given. */
  public static final double DEFAULT_VALIDATION_SPLIT = 0.1;

  /** Side length images of an imagefolder are resized to when none is given. */
  public static final int DEFAULT_IMAGE_SIZE = 32;

  static final String NO_PARENT_SEGMENTS = "!self.matches('(^|/)[.][.](/|$)')";
  static final String NO_PARENT_SEGMENTS_MESSAGE = "paths may not contain '..' segments";

  @Required
  @JsonPropertyDescription(
      "How the data is stored: idx (MNIST-style files, optionally gzipped), csv (label column"
          + " and numeric features), cifar10 (the binary batches) or imagefolder (one folder"
          + " per class of PNG or JPEG images).")
  private DatasetFormat format;

  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of an existing PersistentVolumeClaim in the run's namespace that holds the data;"
          + " mounted read-only. Use with path; not with files.")
  private String claimName;

  @Size(max = 1024)
  @ValidationRule(value = NO_PARENT_SEGMENTS, message = NO_PARENT_SEGMENTS_MESSAGE)
  @JsonPropertyDescription(
      "Folder inside the claim that holds the data, e.g. fashion-mnist. For idx, the folder"
          + " holds train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz].")
  private String path;

  @Size(min = 1, max = 16)
  @JsonPropertyDescription(
      "Files to download once into a cache on the checkpoint volume and verify by SHA-256"
          + " before use. They form the dataset folder. Not with claimName and path.")
  private List<DatasetFile> files;

  @Min(value = 0, inclusive = false)
  @Max(0.5)
  @JsonPropertyDescription(
      "Share of the training data held out for validation, chosen by the seed (above 0, at"
          + " most 0.5). Default 0.1 when validationPath is not set.")
  private Double validationSplit;

  @Size(max = 1024)
  @ValidationRule(value = NO_PARENT_SEGMENTS, message = NO_PARENT_SEGMENTS_MESSAGE)
  @JsonPropertyDescription(
      "Folder, relative to the dataset folder, holding a separate validation set in the same"
          + " format. Not with validationSplit.")
  private String validationPath;

  @Size(max = 1024)
  @ValidationRule(value = NO_PARENT_SEGMENTS, message = NO_PARENT_SEGMENTS_MESSAGE)
  @JsonPropertyDescription(
      "Folder, relative to the dataset folder, holding a test set the best checkpoint is"
          + " scored on at the end. For idx the t10k-* files next to the training files are"
          + " the test set by convention when testPath is not set.")
  private String testPath;

  @Min(1)
  @JsonPropertyDescription(
      "Use at most this many training samples (taken in file order, before the validation"
          + " split). Useful for a quick trial. Default: all.")
  private Integer maxSamples;

  @Min(8)
  @Max(512)
  @JsonPropertyDescription(
      "Side length, in pixels, that imagefolder images are resized to. Default 32. Only for"
          + " format: imagefolder.")
  private Integer imageSize;

  @JsonPropertyDescription("How to read CSV files. Only for format: csv.")
  private CsvOptions csv;

  public DatasetFormat getFormat() {
    return format;
  }

  public void setFormat(DatasetFormat format) {
    this.format = format;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public List<DatasetFile> getFiles() {
    return files;
  }

  public void setFiles(List<DatasetFile> files) {
    this.files = files;
  }

  public Double getValidationSplit() {
    return validationSplit;
  }

  public void setValidationSplit(Double validationSplit) {
    this.validationSplit = validationSplit;
  }

  public String getValidationPath() {
    return validationPath;
  }

  public void setValidationPath(String validationPath) {
    this.validationPath = validationPath;
  }

  public String getTestPath() {
    return testPath;
  }

  public void setTestPath(String testPath) {
    this.testPath = testPath;
  }

  public Integer getMaxSamples() {
    return maxSamples;
  }

  public void setMaxSamples(Integer maxSamples) {
    this.maxSamples = maxSamples;
  }

  public Integer getImageSize() {
    return imageSize;
  }

  public void setImageSize(Integer imageSize) {
    this.imageSize = imageSize;
  }

  public CsvOptions getCsv() {
    return csv;
  }

  public void setCsv(CsvOptions csv) {
    this.csv = csv;
  }

  /** The validation share to hold out: none with a validationPath, else the default. */
  public double validationSplitOrDefault() {
    if (validationPath != null) {
      return 0.0;
    }
    return validationSplit == null ? DEFAULT_VALIDATION_SPLIT : validationSplit;
  }

  public int imageSizeOrDefault() {
    return imageSize == null ? DEFAULT_IMAGE_SIZE : imageSize;
  }

  public CsvOptions csvOrDefault() {
    return csv == null ? new CsvOptions() : csv;
  }
}
