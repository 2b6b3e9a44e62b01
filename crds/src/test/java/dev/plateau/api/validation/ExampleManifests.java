package dev.plateau.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every TrainingRun under {@code examples/}: YAML documents of kind TrainingRun, those embedded as
 * strings in other YAML (an Argo resource template, a Tekton script) and those in shell
 * here-documents.
 */
final class ExampleManifests {

  static final Path EXAMPLES = Path.of("..", "examples");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern HEREDOC =
      Pattern.compile("<<-?\\s*'?\"?(\\w+)'?\"?\\n(.*?)\\n\\s*\\1\\b", Pattern.DOTALL);

  record Example(String source, ObjectNode manifest) {
    @Override
    public String toString() {
      return source + " (" + manifest.path("metadata").path("name").asText() + ")";
    }
  }

  private ExampleManifests() {}

  static List<Example> all() {
    List<Example> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        String text = Files.readString(file);
        String source = EXAMPLES.relativize(file).toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
          fromYamlText(source, text, found);
        } else if (text.contains("TrainingRun")) {
          fromHeredocs(source, text, found);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static void fromYamlText(String source, String text, List<Example> out)
      throws IOException {
    try (var parser = YAML.getFactory().createParser(text)) {
      for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        collect(source, doc, out);
      }
    }
  }

  private static void fromHeredocs(String source, String text, List<Example> out)
      throws IOException {
    Matcher m = HEREDOC.matcher(text);
    while (m.find()) {
      if (m.group(2).contains("kind: TrainingRun")) {
        fromYamlText(source, m.group(2), out);
      }
    }
  }

  private static void collect(String source, JsonNode node, List<Example> out) throws IOException {
    if (node == null) {
      return;
    }
    if (node.isObject()
        && "TrainingRun".equals(node.path("kind").asText())
        && node.path("apiVersion").asText().startsWith("plateau.dev/")) {
      out.add(new Example(source, (ObjectNode) node));
      return;
    }
    if (node.isTextual() && node.asText().contains("kind: TrainingRun")) {
      String text = node.asText();
      if (text.contains("<<")) {
        fromHeredocs(source, text, out);
      } else {
        fromYamlText(source, text, out);
      }
      return;
    }
    for (JsonNode child : node) {
      collect(source, child, out);
    }
  }
}
