package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/pipelines/wait-for-run.sh against a stand-in kubectl that plays a sequence of phases: it
 * ends on Failed as on Succeeded, never waiting out its deadline for a failed run.
 */
class WaitForRunScriptTest {

  static final Path SCRIPT = Repo.path("examples/pipelines/wait-for-run.sh");

  /** Answers like kubectl for the calls the script makes; each get pops the next phase. */
  static final String FAKE_KUBECTL =
      """
      #!/bin/sh
      dir=$(dirname "$0")
      echo "$*" >> "$dir/calls"
      case "$*" in
        "config view"*) echo ml ;;
        apply*)
          if [ -n "${FAKE_MANIFEST:-}" ]; then cat "$FAKE_MANIFEST"; else cat; fi > "$dir/applied.yaml"
          sed -n 's/^  name: //p' "$dir/applied.yaml" | head -n 1 ;;
        *".status.phase"*)
          phase=$(head -n 1 "$dir/phases"); sed -i '1d' "$dir/phases"
          [ -s "$dir/phases" ] || echo "$phase" > "$dir/phases"   # the last phase stays
          case "$phase" in
            NotFound) echo 'Error from server (NotFound): trainingruns "x" not found' >&2; exit 1 ;;
            Unavailable) echo 'The connection to the server was refused' >&2; exit 1 ;;
          esac
          printf %s "$phase" ;;
        *bestCheckpoint*) echo '{"claimName":"runs","path":"fashion-mlp-pipeline/best"}' ;;
        *Failed*) echo 'failed: NonFiniteMetric: val_loss was NaN at epoch 4' ;;
        *) echo "unexpected: $*" >&2; exit 3 ;;
      esac
      """;

  @TempDir Path bin;

  @BeforeEach
  void fakeKubectl() throws IOException {
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(kubectl, FAKE_KUBECTL);
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void appliesTheEmbeddedRunWaitsAndPrintsTheBestCheckpoint() throws Exception {
    Result result = run(List.of(), "Pending", "Running", "Running", "Succeeded");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("\"path\":\"fashion-mlp-pipeline/best\"");
    assertThat(Files.readString(bin.resolve("applied.yaml")))
        .contains("kind: TrainingRun")
        .contains("name: fashion-mlp-pipeline");
    assertThat(phasePolls()).isEqualTo(4);
    assertThat(calls()).anyMatch(c -> c.startsWith("apply -n ml "));
  }

  @Test
  void aFailedRunEndsTheWaitAtOnceWithTheReason() throws Exception {
    Result result = run(List.of(), "Running", "Failed");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("failed: NonFiniteMetric");
    assertThat(result.stdout()).contains("fashion-mlp-pipeline/best");
    assertThat(phasePolls()).isEqualTo(2);
  }

  @Test
  void aDeletedRunFails() throws Exception {
    Result result = run(List.of(), "Running", "NotFound");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("was deleted");
  }

  @Test
  void aBriefApiOutageIsWaitedOut() throws Exception {
    Result result = run(List.of(), "Unavailable", "Running", "Succeeded");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void aRunThatNeverEndsMeetsTheDeadline() throws Exception {
    Result result = run(List.of(), Map.of("PLATEAU_WAIT_TIMEOUT", "0"), "Running");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("has not ended");
  }

  @Test
  void appliesAGivenManifestInAGivenNamespace() throws Exception {
    Path manifest = Repo.path("examples/fashion-mnist.yaml");
    Result result =
        run(
            List.of(manifest.toString(), "team-a"),
            Map.of("FAKE_MANIFEST", manifest.toString()),
            "Succeeded");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(calls()).anyMatch(c -> c.startsWith("apply -n team-a -f " + manifest));
    assertThat(calls()).anyMatch(c -> c.contains("get trainingrun fashion-mlp -n team-a"));
  }

  record Result(int exitCode, String stdout, String stderr) {}

  private Result run(List<String> args, String... phases) throws Exception {
    return run(args, Map.of(), phases);
  }

  private Result run(List<String> args, Map<String, String> env, String... phases)
      throws Exception {
    Files.writeString(bin.resolve("phases"), String.join("\n", phases) + "\n");
    List<String> command = new java.util.ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(args);
    Path out = bin.resolve("stdout");
    Path err = bin.resolve("stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("PLATEAU_WAIT_INTERVAL", "0");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("wait-for-run.sh did not end: " + Files.readString(err));
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private List<String> calls() throws IOException {
    return Files.readAllLines(bin.resolve("calls"));
  }

  private long phasePolls() throws IOException {
    return calls().stream().filter(c -> c.contains(".status.phase")).count();
  }
}
