package dev.plateau.trainer.loop;

import dev.plateau.api.contract.EarlyStoppingRule;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import java.util.Locale;

/** The one sentence that says how a training ended. */
final class Summary {

  private Summary() {}

  static String of(TrainingResult r, EarlyStoppingRule rule) {
    return of(r, rule, null);
  }

  /**
   * @param request the stop request the run stopped on (Pruned, or EarlyStopped when the operator
   *     enforces early stopping), for its message; or null
   */
  static String of(TrainingResult r, EarlyStoppingRule rule, StopRequest request) {
    String best =
        r.getBestEpoch() == null
            ? "no epoch gave a finite " + r.getMonitor()
            : String.format(
                Locale.ROOT,
                "best %s %.4f at epoch %d",
                r.getMonitor(),
                r.getBestMetric(),
                r.getBestEpoch());
    String test =
        r.getTestAccuracy() == null
            ? ""
            : String.format(Locale.ROOT, "; test accuracy %.2f%%", 100 * r.getTestAccuracy());
    if (request != null && r.getStopReason() == StopReason.EarlyStopped) {
      return String.format(
          Locale.ROOT,
          "stopped early after epoch %d when asked to%s; %s%s",
          r.getEpochs(),
          request.message() == null ? "" : ": " + request.message(),
          best,
          test);
    }
    return switch (r.getStopReason()) {
      case EarlyStopped ->
          String.format(
              Locale.ROOT,
              "stopped early at epoch %d: %s did not improve by more than %s for %d epochs; %s%s",
              r.getEpochs(),
              r.getMonitor(),
              trim(rule.delta()),
              rule.patience(),
              best,
              test);
      case MaxEpochsReached ->
          String.format(Locale.ROOT, "ran all %d epochs; %s%s", r.getEpochs(), best, test);
      case Pruned ->
          String.format(
              Locale.ROOT,
              "pruned after epoch %d%s; %s%s",
              r.getEpochs(),
              request == null || request.message() == null ? "" : ": " + request.message(),
              best,
              test);
      case NonFiniteMetric ->
          String.format(
              Locale.ROOT,
              "stopped at epoch %d: %s became NaN or infinite (lower the learning rate?); %s%s",
              r.getEpochs(),
              r.getMonitor(),
              best,
              test);
    };
  }

  private static String trim(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
