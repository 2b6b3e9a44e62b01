package dev.plateau.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Paths of the repository as seen from the helm module, and the build's versions. */
final class Repo {

  /** The repository root: Maven runs the module's tests in helm/. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static final Path CHART = ROOT.resolve("helm/plateau");

  private static final Properties BUILD = load();

  private Repo() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Maven project version, e.g. 0.1.0. */
  static String projectVersion() {
    return BUILD.getProperty("project.version");
  }

  static String pytorchVersion() {
    return BUILD.getProperty("pytorch.version");
  }

  static String djlVersion() {
    return BUILD.getProperty("djl.version");
  }

  private static Properties load() {
    try (InputStream in = Repo.class.getResourceAsStream("/plateau-build.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
