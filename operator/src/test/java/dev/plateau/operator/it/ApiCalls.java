package dev.plateau.operator.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The operator's declared API calls, {@code api-calls.yaml}: what the chart's RBAC must grant. */
public final class ApiCalls {

  public static final String RESOURCE = "/dev/plateau/operator/api-calls.yaml";

  /** One entry of the list. */
  public record Rule(String apiGroup, String resource, List<String> verbs) {}

  private ApiCalls() {}

  public static List<Rule> declared() {
    try (InputStream in = ApiCalls.class.getResourceAsStream(RESOURCE)) {
      return new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<Rule>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean allows(List<Rule> rules, ApiCall call) {
    return rules.stream()
        .anyMatch(
            r ->
                r.apiGroup().equals(call.apiGroup())
                    && r.resource().equals(call.resource())
                    && r.verbs().contains(call.verb()));
  }
}
