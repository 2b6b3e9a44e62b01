package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * values.yaml documents every key and holds no key the templates ignore; the templates read no
 * value that values.yaml lacks (Helm would render a misspelt one as empty, silently).
 */
class ChartValuesTest {

  /** Values handed whole to toYaml: their children are Kubernetes fields, documented there. */
  static final Set<String> PASSED_WHOLE = Set.of("resources");

  /** Maps whose keys are the user's (labels, annotations, Kubernetes fields). */
  static final Set<String> FREE_FORM =
      Set.of(
          "resources",
          "podAnnotations",
          "podLabels",
          "nodeSelector",
          "affinity",
          "serviceAccount.annotations",
          "metrics.serviceMonitor.labels",
          "metrics.grafanaDashboard.labels",
          "metrics.grafanaDashboard.annotations",
          "metrics.prometheusRule.labels");

  @Test
  void everyKeyHasACommentAbove() throws IOException {
    List<String> lines = Files.readAllLines(Repo.CHART.resolve("values.yaml"));
    List<String> undocumented = new ArrayList<>();
    String parent = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher key = Pattern.compile("^(\\s*)([A-Za-z]\\w*):").matcher(line);
      if (!key.find()) {
        continue;
      }
      if (key.group(1).isEmpty()) {
        parent = key.group(2);
      } else if (PASSED_WHOLE.contains(parent)) {
        continue;
      }
      if (i == 0 || !lines.get(i - 1).strip().startsWith("#")) {
        undocumented.add(line.strip());
      }
    }
    assertThat(undocumented).as("keys of values.yaml without a comment line above").isEmpty();
  }

  @Test
  void templatesReadExactlyTheKeysOfValuesYaml() throws IOException {
    JsonNode values = RenderedChart.YAML.readTree(Repo.CHART.resolve("values.yaml").toFile());
    Set<String> paths = new TreeSet<>();
    collect("", values, paths);
    Set<String> read = readByTemplates();

    // Every value read by a template exists (the path or a parent passed whole).
    assertThat(read).allSatisfy(r -> assertThat(paths).as("values.yaml key %s", r).contains(r));
    // Every leaf of values.yaml is read, itself or through a parent read whole.
    List<String> unread =
        paths.stream()
            .filter(
                p ->
                    values.at("/" + p.replace('.', '/')).isValueNode()
                        || values.at("/" + p.replace('.', '/')).isEmpty())
            .filter(p -> read.stream().noneMatch(r -> p.equals(r) || p.startsWith(r + ".")))
            .toList();
    assertThat(unread).as("values.yaml keys no template reads").isEmpty();
  }

  private static void collect(String prefix, JsonNode node, Set<String> paths) {
    node.fields()
        .forEachRemaining(
            e -> {
              String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
              paths.add(path);
              if (e.getValue().isObject() && !FREE_FORM.contains(path)) {
                collect(path, e.getValue(), paths);
              }
            });
  }

  private static Set<String> readByTemplates() {
    try (Stream<Path> files = Files.list(Repo.CHART.resolve("templates"))) {
      String all =
          files
              .map(
                  f -> {
                    try {
                      return Files.readString(f);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .collect(Collectors.joining("\n"));
      Set<String> read = new TreeSet<>();
      Matcher m = Pattern.compile("\\.Values\\.([A-Za-z][\\w.]*\\w)").matcher(all);
      while (m.find()) {
        read.add(m.group(1));
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theCiVariantsOnlySetKeysOfValuesYaml() throws IOException {
    JsonNode values = RenderedChart.YAML.readTree(Repo.CHART.resolve("values.yaml").toFile());
    Set<String> paths = new TreeSet<>();
    collect("", values, paths);
    for (String variant : RenderedChart.variants()) {
      JsonNode set =
          RenderedChart.YAML.readTree(
              Repo.CHART.resolve("ci/" + variant + "-values.yaml").toFile());
      Set<String> setPaths = new TreeSet<>();
      collect("", set, setPaths);
      assertThat(paths).as("keys of ci/%s-values.yaml", variant).containsAll(setPaths);
    }
  }
}
