package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.net.URI;

/** One file the trainer downloads once, verifies and caches on the checkpoint volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatasetFile {

  @Required
  @Size(max = 2048)
  @ValidationRule(
      value = "self.startsWith('https://')",
      message = "url must start with https:// (plain http and other schemes are refused)")
  @JsonPropertyDescription("Where to download the file from. https only.")
  private String url;

  @Required
  @Size(max = 64)
  @Pattern("^[a-f0-9]{64}$")
  @JsonPropertyDescription(
      "SHA-256 of the file, 64 lowercase hex digits. A download that does not match is"
          + " discarded and never used.")
  private String sha256;

  @Size(max = 255)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  @JsonPropertyDescription(
      "File name in the dataset folder. Default: the last segment of the url's path (for idx"
          + " data it must be one of the conventional names, e.g."
          + " train-images-idx3-ubyte.gz).")
  private String name;

  public DatasetFile() {}

  public DatasetFile(String url, String sha256) {
    this.url = url;
    this.sha256 = sha256;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** The name the file gets in the dataset folder. */
  public String fileName() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    String path = URI.create(url).getPath();
    return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
  }
}
