package dev.plateau.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The operator's version, from a resource the build fills in (so tests see it too, not only the
 * packaged jar's manifest). It goes into every run's lineage.
 */
public final class OperatorVersion {

  private static final String VERSION = load();

  private OperatorVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in =
        OperatorVersion.class.getResourceAsStream("operator-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("operator-version.properties is missing from the jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
