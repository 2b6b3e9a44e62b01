package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.net.URI;
import java.util.List;

/**
 * A model the team defined in PyTorch and exported with {@code torch.jit.script} or {@code
 * torch.jit.trace}: a file on a claim, or downloaded once, verified and cached.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.claimName) == has(self.path)",
    fieldPath = ".path",
    message = "a torchscript file on a claim needs both claimName and path")
@ValidationRule(
    value = "has(self.claimName) != has(self.url)",
    fieldPath = ".url",
    message =
        "torchscript needs exactly one source: claimName and path (a file on a PVC), or url and"
            + " sha256 (downloaded)")
@ValidationRule(
    value = "has(self.url) == has(self.sha256)",
    fieldPath = ".sha256",
    message = "a downloaded torchscript file needs both url and sha256")
@ValidationRule(
    value = "!has(self.name) || has(self.url)",
    fieldPath = ".name",
    message = "name applies only to a downloaded file (url)")
public class TorchScriptModel {

  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of an existing PersistentVolumeClaim in the run's namespace that holds the file;"
          + " mounted read-only (once, when it also holds the dataset). Use with path; not with"
          + " url.")
  private String claimName;

  @Size(max = 1024)
  @ValidationRule(
      value = DatasetSpec.NO_PARENT_SEGMENTS,
      message = DatasetSpec.NO_PARENT_SEGMENTS_MESSAGE)
  @JsonPropertyDescription(
      "The TorchScript file inside the claim, e.g. cnn/model.pt. Locally it is resolved"
          + " against --data-root.")
  private String path;

  @Size(max = 2048)
  @ValidationRule(
      value = "self.startsWith('https://')",
      message = "url must start with https:// (plain http and other schemes are refused)")
  @JsonPropertyDescription(
      "Where to download the file from (https only); it is downloaded once into the cache on"
          + " the checkpoint volume and verified by sha256 before use. Not with claimName.")
  private String url;

  @Size(max = 64)
  @Pattern("^[a-f0-9]{64}$")
  @JsonPropertyDescription(
      "SHA-256 of the downloaded file, 64 lowercase hex digits; a download that does not match"
          + " is discarded and never used.")
  private String sha256;

  @Size(max = 255)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  @JsonPropertyDescription(
      "File name of the download in the cache. Default: the last segment of the url's path.")
  private String name;

  @Size(max = 32)
  @ValidationRule(
      value = "self.all(p, size(p) >= 1 && size(p) <= 256)",
      message = "every freeze prefix must be 1 to 256 characters")
  @JsonPropertyDescription(
      "Parameter-name prefixes that are not trained (fine-tuning), e.g. [\"features.\"] keeps"
          + " every parameter whose name starts with features. as loaded. Each prefix must"
          + " match at least one parameter.")
  private List<String> freeze;

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

  public List<String> getFreeze() {
    return freeze;
  }

  public void setFreeze(List<String> freeze) {
    this.freeze = freeze;
  }

  /** The prefixes to freeze; none when the manifest names none. */
  public List<String> freezeOrDefault() {
    return freeze == null ? List.of() : freeze;
  }

  /** The download as a dataset-style file (url, sha256, name); null for a file on a claim. */
  public DatasetFile download() {
    if (url == null) {
      return null;
    }
    DatasetFile file = new DatasetFile(url, sha256);
    file.setName(name);
    return file;
  }

  /** The name of the file: the last segment of its path, or of its url, or {@code name}. */
  public String fileName() {
    if (url != null) {
      return download().fileName();
    }
    String p = path == null ? "" : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return url != null ? URI.create(url).toString() : claimName + ":" + path;
  }
}
