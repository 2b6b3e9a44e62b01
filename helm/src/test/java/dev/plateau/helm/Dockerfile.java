package dev.plateau.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Enough of a Dockerfile parser to check what an image will do without a Docker engine:
 * instructions by stage, with ARG defaults substituted. Line continuations and comments are handled
 * as Docker does; heredocs and parser directives are not used in Plateau's files.
 */
record Dockerfile(List<Stage> stages) {

  record Instruction(String keyword, String arguments) {}

  record Stage(String from, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The last instruction with this keyword, as Docker uses it (USER, ENTRYPOINT). */
    Instruction last(String keyword) {
      List<Instruction> found = all(keyword);
      if (found.isEmpty()) {
        throw new AssertionError("no " + keyword + " in the stage FROM " + from);
      }
      return found.get(found.size() - 1);
    }

    /** ENV variables set in this stage, later ones winning. */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)=(\"[^\"]*\"|\\S*)");
      for (Instruction i : all("ENV")) {
        Matcher m = pair.matcher(i.arguments());
        while (m.find()) {
          env.put(m.group(1), m.group(2).replace("\"", ""));
        }
      }
      return env;
    }

    /** The exec-form ENTRYPOINT. */
    List<String> entrypoint() {
      try {
        return new ObjectMapper()
            .readValue(last("ENTRYPOINT").arguments(), new TypeReference<List<String>>() {});
      } catch (IOException e) {
        throw new AssertionError("ENTRYPOINT is not in exec (JSON) form", e);
      }
    }

    /** COPY instructions: flags (e.g. from), sources and destination. */
    List<Copy> copies() {
      List<Copy> copies = new ArrayList<>();
      for (Instruction i : all("COPY")) {
        List<String> words = new ArrayList<>(List.of(i.arguments().trim().split("\\s+")));
        String from = null;
        while (words.get(0).startsWith("--")) {
          String flag = words.remove(0);
          if (flag.startsWith("--from=")) {
            from = flag.substring("--from=".length());
          }
        }
        String dest = words.remove(words.size() - 1);
        copies.add(new Copy(from, words, dest));
      }
      return copies;
    }
  }

  record Copy(String fromStage, List<String> sources, String destination) {}

  static Dockerfile read(String relativePath) {
    try {
      return parse(java.nio.file.Files.readString(Repo.path(relativePath)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dockerfile parse(String text) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue; // a comment, also inside a continued instruction, as Docker reads it
      }
      boolean continues = trimmed.endsWith("\\");
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continues) {
        String instruction = current.toString().strip();
        current.setLength(0);
        if (!instruction.isEmpty()) {
          String[] parts = instruction.split("\\s+", 2);
          instructions.add(
              new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
        }
      }
    }
    return new Dockerfile(stages(instructions));
  }

  private static List<Stage> stages(List<Instruction> instructions) {
    Map<String, String> globalArgs = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    Stage stage = null;
    Map<String, String> args = globalArgs;
    for (Instruction i : instructions) {
      if (i.keyword().equals("ARG")) {
        String[] kv = i.arguments().split("=", 2);
        args.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : globalArgs.getOrDefault(kv[0], ""));
        continue;
      }
      if (i.keyword().equals("FROM")) {
        String[] words = substitute(i.arguments(), globalArgs).split("\\s+");
        String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
        stage = new Stage(words[0], name, new ArrayList<>());
        stages.add(stage);
        args = new LinkedHashMap<>(globalArgs);
        continue;
      }
      if (stage == null) {
        throw new AssertionError(i.keyword() + " before the first FROM");
      }
      stage.instructions().add(new Instruction(i.keyword(), substitute(i.arguments(), args)));
    }
    return stages;
  }

  /** Replaces ${NAME} and $NAME of declared ARGs by their defaults; other variables stay. */
  private static String substitute(String text, Map<String, String> args) {
    Matcher m = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = args.containsKey(name) ? args.get(name) : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The stage that becomes the image. */
  Stage image() {
    return stages.get(stages.size() - 1);
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage named " + name));
  }

  /** All ARG defaults, global and per stage (for checks on pinned versions). */
  static Map<String, String> argDefaults(String relativePath) {
    Map<String, String> args = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^ARG\\s+(\\w+)=(\\S+)\\s*$").matcher(Repo.read(relativePath));
    while (m.find()) {
      args.put(m.group(1), m.group(2));
    }
    return args;
  }
}
