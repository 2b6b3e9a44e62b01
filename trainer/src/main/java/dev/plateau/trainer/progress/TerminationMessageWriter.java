package dev.plateau.trainer.progress;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the trainer's last word, a {@link TerminationMessage} as JSON, where Kubernetes picks it
 * up when the container ends ({@code /dev/termination-log}). The operator reads it so the final
 * status is right even when the last progress patch was lost.
 *
 * <p>Kubernetes keeps only the first {@link TerminationMessage#MAX_BYTES} bytes, and a cut JSON
 * would be unreadable, so an oversized message is made to fit by shortening its sentences, then by
 * leaving out the result. Never throws: the pod is ending anyway, so a failure is logged.
 */
public final class TerminationMessageWriter implements ProgressReporter {

  private static final Logger LOG = LoggerFactory.getLogger(TerminationMessageWriter.class);
  private static final String CUT = " [...]";

  private final Path path;

  public TerminationMessageWriter(Path path) {
    this.path = path;
  }

  /** Writes to the container's termination log, {@value TrainerPaths#TERMINATION_LOG}. */
  public static TerminationMessageWriter inPod() {
    return new TerminationMessageWriter(Path.of(TrainerPaths.TERMINATION_LOG));
  }

  public Path path() {
    return path;
  }

  /** The stop reason as the message's reason, and the result. */
  @Override
  public void finished(TrainingResult result, ProgressSnapshot snapshot) {
    String reason = result.getStopReason() == null ? Reasons.ENDED : result.getStopReason().name();
    write(new TerminationMessage(reason, result.getMessage(), result));
  }

  @Override
  public void failed(TerminationMessage message) {
    write(message);
  }

  /** Writes the message, shortened to fit; logs instead of throwing. */
  public void write(TerminationMessage message) {
    try {
      String json = render(message);
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent);
      }
      Files.writeString(path, json, UTF_8);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot write the termination message to {}: {}", path, e.toString());
    }
  }

  /** The message as JSON of fewer than {@link TerminationMessage#MAX_BYTES} bytes. */
  static String render(TerminationMessage message) {
    String reason = message.reason();
    TrainingResult result = message.result();
    String json = fitting(message.message(), text -> new TerminationMessage(reason, text, result));
    if (json == null && result != null) {
      // The result repeats the sentence; its copy goes first.
      TrainingResult lean = ContractJson.copy(result, TrainingResult.class);
      lean.setMessage(null);
      json = fitting(message.message(), text -> new TerminationMessage(reason, text, lean));
    }
    if (json == null) {
      json = fitting(message.message(), text -> new TerminationMessage(reason, text, null));
    }
    if (json == null) {
      // Only an absurd reason gets here; keep something the operator can parse.
      json = fitting(reason, text -> new TerminationMessage(text, null, null));
    }
    return json;
  }

  /**
   * The JSON of the message built with the longest prefix of the text that fits (all of it if
   * possible); null if it does not fit even without the text.
   */
  private static String fitting(String text, Function<String, TerminationMessage> build) {
    String whole = ContractJson.write(build.apply(text));
    if (fits(whole)) {
      return whole;
    }
    if (text == null) {
      return null;
    }
    // The JSON grows with the prefix, so search for the longest prefix (in code points) that fits.
    int low = 0;
    int high = text.codePointCount(0, text.length()) - 1;
    String best = null;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      String json = ContractJson.write(build.apply(prefix(text, mid) + CUT));
      if (fits(json)) {
        best = json;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return best;
  }

  private static String prefix(String text, int codePoints) {
    return text.substring(0, text.offsetByCodePoints(0, codePoints));
  }

  private static boolean fits(String json) {
    return json.getBytes(UTF_8).length < TerminationMessage.MAX_BYTES;
  }
}
