package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How to read CSV data (RFC 4180: quoted fields, CRLF or LF line ends, a UTF-8 byte order mark).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.labelName) || !has(self.header) || self.header",
    fieldPath = ".labelName",
    message = "labelName needs a header line (header: true)")
public class CsvOptions {

  /** Default of {@code header}. */
  public static final boolean DEFAULT_HEADER = true;

  /** Default of {@code labelColumn}. */
  public static final int DEFAULT_LABEL_COLUMN = 0;

  @Default("" + DEFAULT_HEADER)
  @JsonPropertyDescription(
      "Whether the first line of each file names the columns; every file must then have the same"
          + " columns in the same order. Default "
          + DEFAULT_HEADER
          + ".")
  private Boolean header;

  @Default("" + DEFAULT_LABEL_COLUMN)
  @Min(0)
  @Max(100000)
  @JsonPropertyDescription(
      "Zero-based index of the column holding the class label; every other column is a numeric"
          + " feature. Default "
          + DEFAULT_LABEL_COLUMN
          + ". labelName, when set, wins.")
  private Integer labelColumn;

  @Size(min = 1, max = 256)
  @JsonPropertyDescription(
      "Name of the label column in the header line, instead of its index. Labels are class"
          + " numbers (0, 1, 2, ...) or, when any is not a number, class names, numbered in"
          + " sorted order and kept with the checkpoint.")
  private String labelName;

  public Boolean getHeader() {
    return header;
  }

  /** {@code header}, else its default. */
  public boolean headerOrDefault() {
    return header == null ? DEFAULT_HEADER : header;
  }

  public void setHeader(Boolean header) {
    this.header = header;
  }

  public Integer getLabelColumn() {
    return labelColumn;
  }

  /** {@code labelColumn}, else its default. */
  public int labelColumnOrDefault() {
    return labelColumn == null ? DEFAULT_LABEL_COLUMN : labelColumn;
  }

  public void setLabelColumn(Integer labelColumn) {
    this.labelColumn = labelColumn;
  }

  public String getLabelName() {
    return labelName;
  }

  public void setLabelName(String labelName) {
    this.labelName = labelName;
  }
}
