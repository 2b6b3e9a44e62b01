package dev.plateau.trainer;

import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.trainer.data.DatasetLoader;
import dev.plateau.trainer.loop.Training;
import dev.plateau.trainer.loop.TrainingInterrupted;
import dev.plateau.trainer.loop.TrainingSetup;
import dev.plateau.trainer.progress.ProgressReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one training and turns how it ended into the contract: an exit code, a termination message,
 * and the reporters' last word. Shared by {@code plateau train} (in a pod) and {@code plateau run}
 * (locally).
 */
public final class TrainingSession {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);

  /**
   * How a training ended.
   *
   * @param exitCode the process exit code (see {@link ExitCodes})
   * @param result the result when training ended (also on a non-finite metric), else null
   * @param message the termination message
   */
  public record Outcome(int exitCode, TrainingResult result, TerminationMessage message) {}

  private TrainingSession() {}

  /** Prepares a training: reads config, data, device; may fail like training itself. */
  @FunctionalInterface
  public interface Preparation {
    TrainingSetup prepare() throws IOException;
  }

  /**
   * Prepares and trains; never throws: every ending becomes an {@link Outcome}. Closes the
   * reporters.
   */
  public static Outcome run(Preparation preparation, List<ProgressReporter> reporters) {
    Outcome outcome;
    try {
      TrainingSetup setup = preparation.prepare();
      TrainingResult result = new Training(setup, reporters, DatasetLoader.withDefaults()).run();
      int code =
          result.getStopReason() == StopReason.NonFiniteMetric
              ? ExitCodes.NON_FINITE_METRIC
              : ExitCodes.FINISHED;
      outcome =
          new Outcome(
              code,
              result,
              new TerminationMessage(result.getStopReason().name(), result.getMessage(), result));
    } catch (InvalidInputException e) {
      outcome = failed(ExitCodes.INVALID_INPUT, Reasons.INVALID_INPUT, e.getMessage(), reporters);
    } catch (TrainingInterrupted e) {
      int code = e.byUser() ? ExitCodes.INTERRUPTED_BY_USER : ExitCodes.INTERRUPTED;
      outcome = failed(code, "Interrupted", e.getMessage(), reporters);
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("IO failure", e);
      outcome = failed(ExitCodes.FAILED, Reasons.TRAINER_ERROR, e.getMessage(), reporters);
    } catch (RuntimeException | LinkageError e) {
      LOG.error("training failed", e);
      outcome = failed(ExitCodes.FAILED, Reasons.TRAINER_ERROR, e.toString(), reporters);
    } finally {
      for (ProgressReporter r : reporters) {
        safely(r::close);
      }
    }
    return outcome;
  }

  private static Outcome failed(
      int code, String reason, String message, List<ProgressReporter> reporters) {
    TerminationMessage m = new TerminationMessage(reason, message, null);
    for (ProgressReporter r : reporters) {
      safely(() -> r.failed(m));
    }
    return new Outcome(code, null, m);
  }

  private static void safely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("a reporter failed: {}", e.toString());
    }
  }
}
