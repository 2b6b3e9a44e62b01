package dev.plateau.helm;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts about the operator read from its sources (the module is built by others in parallel and
 * this one must not depend on its jar): the environment it reads and the paths it serves.
 */
final class OperatorSources {

  static final String SETTINGS =
      "operator/src/main/java/dev/plateau/operator/OperatorSettings.java";
  static final String ENDPOINTS = "operator/src/main/java/dev/plateau/operator/HttpEndpoints.java";

  private OperatorSources() {}

  /** The PLATEAU_* variables OperatorSettings declares. */
  static Set<String> environmentVariables() {
    Set<String> names = new TreeSet<>();
    Matcher m =
        Pattern.compile("String [A-Z_]+\\s*=\\s*\"(PLATEAU_[A-Z_]+)\"")
            .matcher(Repo.read(SETTINGS));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The paths HttpEndpoints registers ({@code createContext("/path", ...)}). */
  static Set<String> httpPaths() {
    Set<String> paths = new TreeSet<>();
    Matcher m = Pattern.compile("createContext\\(\\s*\"(/[^\"]*)\"").matcher(Repo.read(ENDPOINTS));
    while (m.find()) {
      paths.add(m.group(1));
    }
    return paths;
  }
}
