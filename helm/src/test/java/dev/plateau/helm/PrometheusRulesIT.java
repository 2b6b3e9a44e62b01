package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alerts, checked and unit-tested by the real {@code promtool} (Debian's {@code
 * prometheus} package): the rendered PrometheusRule's groups as a rules file, {@code promtool check
 * rules}, then {@code promtool test rules} with {@code src/test/resources/prometheus/
 * alerts-test.yaml}. Without promtool the test fails under CI ({@code CI=true}) and is skipped
 * otherwise.
 */
class PrometheusRulesIT {

  static Path promtool;

  @BeforeAll
  static void findPromtool() {
    promtool = Path.of(System.getenv().getOrDefault("PLATEAU_PROMTOOL", "/usr/bin/promtool"));
    boolean present = Files.isExecutable(promtool);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          promtool + " is missing: CI installs Debian's prometheus package (.ci/run)");
    }
    assumeThat(present)
        .as("%s missing: apt-get install prometheus to run the alert tests", promtool)
        .isTrue();
  }

  @Test
  void theAlertsPassTheirUnitTests(@TempDir Path dir) throws Exception {
    JsonNode spec =
        RenderedChart.render(null, Map.of("metrics.prometheusRule.enabled", true))
            .one("PrometheusRule")
            .path("spec");
    Files.writeString(dir.resolve("rules.yaml"), RenderedChart.YAML.writeValueAsString(spec));
    Files.copy(
        Path.of("src/test/resources/prometheus/alerts-test.yaml"), dir.resolve("alerts-test.yaml"));

    Result check = promtool(dir, "check", "rules", "rules.yaml");
    assertThat(check.code()).as("promtool check rules:\n%s", check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 3 rules found");

    Result test = promtool(dir, "test", "rules", "alerts-test.yaml");
    assertThat(test.code()).as("promtool test rules:\n%s", test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertIsTested() throws IOException {
    String tests = Files.readString(Path.of("src/test/resources/prometheus/alerts-test.yaml"));
    List<String> alerts =
        RenderedChart.render(null, Map.of("metrics.prometheusRule.enabled", true))
            .one("PrometheusRule")
            .path("spec")
            .findValuesAsText("alert");
    assertThat(alerts).hasSize(3);
    assertThat(alerts).allSatisfy(alert -> assertThat(tests).contains("alertname: " + alert));
  }

  record Result(int code, String output) {}

  static Result promtool(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }
}
