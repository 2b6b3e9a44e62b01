package dev.plateau.operator.status;

import dev.plateau.api.contract.EarlyStoppingRule;
import dev.plateau.api.contract.EarlyStoppingState;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.v1alpha1.EarlyStoppingSpec;
import dev.plateau.api.v1alpha1.EnforcedBy;
import dev.plateau.api.v1alpha1.EnforcedEarlyStopping;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingRun;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Early stopping applied by the operator ({@code earlyStopping.enforcedBy: operator}), for a
 * trainer that only reports progress: the run's own rule ({@link EarlyStoppingRule}) folded over
 * the epochs in the reported history, each once, in order. Epochs a resumed trainer reports again
 * are not folded again; epochs missing from the history (more than 20 between two passes) are
 * skipped. A non-finite value counts as no improvement (the operator cannot tell a trainer to end
 * NonFiniteMetric). While patience is spent (and not before minEpochs) the result holds a stop
 * request with reason {@code EarlyStopped}, which the reconciler writes where the trainer reads it
 * unless one is there already.
 */
final class EnforcedRule {

  /**
   * @param state the rule's state after the reported epochs
   * @param request the stop request to send now, or null
   */
  record Step(EnforcedEarlyStopping state, StopRequest request) {}

  private EnforcedRule() {}

  static boolean applies(TrainingRun run) {
    EarlyStoppingSpec spec = run.getSpec().getEarlyStopping();
    return spec != null && spec.enforcedByOrDefault() == EnforcedBy.OPERATOR;
  }

  /**
   * Folds the epochs of {@code progress} the rule has not seen into {@code previous}.
   *
   * @param now the time the stop request carries
   */
  static Step apply(
      TrainingRun run, EnforcedEarlyStopping previous, ProgressSnapshot progress, Instant now) {
    EarlyStoppingSpec spec = run.getSpec().getEarlyStopping();
    EarlyStoppingRule rule =
        new EarlyStoppingRule(
            spec.resolvedMode(),
            spec.deltaOrDefault(),
            spec.patienceOrDefault(),
            spec.minEpochsOrDefault(),
            false);
    Monitor monitor = spec.monitorOrDefault();
    EarlyStoppingState state = EnforcedEarlyStopping.state(previous);
    List<EpochRecord> history =
        progress == null || progress.getHistory() == null
            ? List.of()
            : progress.getHistory().stream()
                .filter(r -> r.getEpoch() != null)
                .sorted(Comparator.comparing(EpochRecord::getEpoch))
                .toList();
    for (EpochRecord record : history) {
      int epoch = record.getEpoch();
      if (epoch <= state.lastEpoch()) {
        continue;
      }
      if (epoch > state.lastEpoch() + 1) {
        state = new EarlyStoppingState(state.best(), state.bestEpoch(), state.counter(), epoch - 1);
      }
      Double value = monitor.valueIn(record);
      state = rule.observe(state, epoch, value == null ? Double.NaN : value).state();
    }
    // Level-triggered: whenever the state says patience is spent, not only in the pass that spent
    // it, so a request whose write failed goes out on the next pass.
    StopRequest request = null;
    if (state.counter() >= rule.patience() && state.lastEpoch() >= rule.minEpochs()) {
      request =
          new StopRequest(
              StopReason.EarlyStopped.name(),
              String.format(
                  Locale.ROOT,
                  "early stopping enforced by the operator: %s did not improve by more than %s"
                      + " for %d epochs; best %s at epoch %d",
                  monitor,
                  java.math.BigDecimal.valueOf(rule.delta()).stripTrailingZeros().toPlainString(),
                  rule.patience(),
                  state.best() == null ? "none" : String.format(Locale.ROOT, "%.4f", state.best()),
                  state.bestEpoch()),
              now.toString());
    }
    return new Step(EnforcedEarlyStopping.of(state), request);
  }
}
