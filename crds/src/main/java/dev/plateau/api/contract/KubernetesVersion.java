package dev.plateau.api.contract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes minor version ({@code 1.27}), as an API server reports it in {@code /version}, and
 * the versions Plateau's features need.
 *
 * @param major e.g. 1
 * @param minor e.g. 27
 */
public record KubernetesVersion(int major, int minor) implements Comparable<KubernetesVersion> {

  /**
   * The oldest Kubernetes Plateau supports; the chart's {@code kubeVersion} says the same. The
   * CRD's validation rules name the field they are about ({@code fieldPath}), which API servers
   * take from 1.28 (KEP-2876).
   */
  public static final KubernetesVersion MINIMUM = new KubernetesVersion(1, 28);

  /** The first version that enforces the CRD's CEL rules by default (beta in 1.25). */
  public static final KubernetesVersion CEL_RULES = new KubernetesVersion(1, 25);

  /**
   * The first version that enables the Job's {@code podFailurePolicy} and the pods' {@code
   * DisruptionTarget} condition by default (beta in 1.26, KEP-3329).
   */
  public static final KubernetesVersion POD_FAILURE_POLICY = new KubernetesVersion(1, 26);

  private static final Pattern DIGITS = Pattern.compile("^(\\d+)");
  private static final Pattern GIT_VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)");

  /**
   * The version from {@code /version}'s {@code major} and {@code minor} (managed clusters add
   * suffixes: {@code "27+"}), else from its {@code gitVersion} ({@code v1.27.3-gke.100}).
   *
   * @throws IllegalArgumentException when neither holds a version
   */
  public static KubernetesVersion parse(String major, String minor, String gitVersion) {
    Matcher ma = DIGITS.matcher(major == null ? "" : major.trim());
    Matcher mi = DIGITS.matcher(minor == null ? "" : minor.trim());
    if (ma.find() && mi.find()) {
      return new KubernetesVersion(Integer.parseInt(ma.group(1)), Integer.parseInt(mi.group(1)));
    }
    Matcher git = GIT_VERSION.matcher(gitVersion == null ? "" : gitVersion.trim());
    if (git.find()) {
      return new KubernetesVersion(Integer.parseInt(git.group(1)), Integer.parseInt(git.group(2)));
    }
    throw new IllegalArgumentException(
        "reports no Kubernetes version in /version (major="
            + major
            + ", minor="
            + minor
            + ", gitVersion="
            + gitVersion
            + ")");
  }

  public boolean isBefore(KubernetesVersion other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(KubernetesVersion other) {
    return major != other.major
        ? Integer.compare(major, other.major)
        : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
