package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How to read CSV data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CsvOptions {

  /** Default of {@code header}. */
  public static final boolean DEFAULT_HEADER = true;

  /** Default of {@code labelColumn}. */
  public static final int DEFAULT_LABEL_COLUMN = 0;

  @Default("" + DEFAULT_HEADER)
  @JsonPropertyDescription(
      "Whether the first line of each file is a header to skip. Default " + DEFAULT_HEADER + ".")
  private Boolean header;

  @Default("" + DEFAULT_LABEL_COLUMN)
  @Min(0)
  @Max(100000)
  @JsonPropertyDescription(
      "Zero-based index of the column holding the integer class label; every other column is a"
          + " numeric feature. Default "
          + DEFAULT_LABEL_COLUMN
          + ".")
  private Integer labelColumn;

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
}
