package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How to read CSV data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CsvOptions {

  @Default("true")
  @JsonPropertyDescription("Whether the first line of each file is a header to skip. Default true.")
  private Boolean header = true;

  @Default("0")
  @Min(0)
  @Max(100000)
  @JsonPropertyDescription(
      "Zero-based index of the column holding the integer class label; every other column is a"
          + " numeric feature. Default 0.")
  private Integer labelColumn = 0;

  public Boolean getHeader() {
    return header;
  }

  public void setHeader(Boolean header) {
    this.header = header;
  }

  public Integer getLabelColumn() {
    return labelColumn;
  }

  public void setLabelColumn(Integer labelColumn) {
    this.labelColumn = labelColumn;
  }
}
