package dev.plateau.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.plateau.api.contract.KubernetesVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart rendered by the real Helm library ({@code helm template}), parsed. */
final class RenderedChart {

  static final String RELEASE = "plateau";
  static final String NAMESPACE = "plateau-system";

  /** The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion): the operator's. */
  static final String KUBE_VERSION = KubernetesVersion.MINIMUM + ".0";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<ObjectNode> objects;

  private RenderedChart(List<ObjectNode> objects) {
    this.objects = objects;
  }

  /** The variants the chart documents: ci/*-values.yaml. */
  static List<String> variants() {
    try (Stream<Path> files = Files.list(Repo.CHART.resolve("ci"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("-values.yaml"))
          .map(n -> n.substring(0, n.length() - "-values.yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RenderedChart defaults() {
    return render(null, Map.of());
  }

  /**
   * The chart with {@code ci/<variant>-values.yaml} (or the defaults for null) and --set values.
   */
  static RenderedChart render(String variant, Map<String, Object> sets) {
    return parse(template(variant, sets).call());
  }

  static TemplateCommand template(String variant, Map<String, Object> sets) {
    TemplateCommand template =
        new Helm(Repo.CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    if (variant != null) {
      template = template.withValuesFile(Repo.CHART.resolve("ci/" + variant + "-values.yaml"));
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return template;
  }

  static RenderedChart parse(String yaml) {
    List<ObjectNode> objects = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (doc instanceof ObjectNode object && !object.isEmpty()) {
          objects.add(object);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RenderedChart(objects);
  }

  List<ObjectNode> all() {
    return objects;
  }

  List<ObjectNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  /** The one object of a kind; fails if there are none or several. */
  ObjectNode one(String kind) {
    List<ObjectNode> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", rendered " + found.size());
    }
    return found.get(0);
  }

  ObjectNode deployment() {
    return one("Deployment");
  }

  JsonNode podSpec() {
    return deployment().path("spec").path("template").path("spec");
  }

  JsonNode operatorContainer() {
    JsonNode containers = podSpec().path("containers");
    if (containers.size() != 1) {
      throw new AssertionError("expected one container, rendered " + containers.size());
    }
    return containers.get(0);
  }

  /** The operator container's environment, by name. */
  Map<String, String> env() {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (JsonNode var : operatorContainer().path("env")) {
      env.put(var.path("name").asText(), var.path("value").asText());
    }
    return env;
  }

  /** The port number of a named container port. */
  int containerPort(String name) {
    for (JsonNode port : operatorContainer().path("ports")) {
      if (name.equals(port.path("name").asText())) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port named " + name);
  }
}
