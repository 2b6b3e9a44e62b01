package dev.plateau.operator.status;

import static dev.plateau.operator.it.TrainerPodStates.running;
import static dev.plateau.operator.it.TrainerPodStates.terminated;
import static dev.plateau.operator.status.RunWorld.T0;
import static dev.plateau.operator.status.RunWorld.termination;
import static dev.plateau.operator.status.StatusCalculatorTest.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.EnforcedBy;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stop requests in the run's status: shown while the trainer has time, enforced once the grace
 * period (120 s here) has passed, kept after the Job is gone; and early stopping the operator
 * enforces, which produces the request.
 */
class StopRequestsTest {

  static RunWorld training() {
    RunWorld world = RunWorld.of().job().pod(p -> running(p, T0));
    ProgressSnapshot snapshot = world.snapshot(5);
    snapshot.setBestCheckpoint(new CheckpointRef("fashion-mlp-checkpoints", "fashion-mlp/best"));
    return world.progress(snapshot);
  }

  @Test
  void aRequestWithinTheGracePeriodIsShownAndTheRunTrainsOn() {
    RunWorld world = training().stopRequest("Pruned", "ASHA: not in the top 1/3", 150);
    TrainingRunStatus status = world.compute(200).status();
    assertThat(status.getPhase()).isEqualTo(Phase.Running);
    assertThat(condition(status, ConditionTypes.RUNNING)).isEqualTo("True/Training");
    assertThat(status.getStopRequest().getReason()).isEqualTo("Pruned");
    assertThat(status.getStopRequest().getMessage()).isEqualTo("ASHA: not in the top 1/3");
    assertThat(status.getStopRequest().getRequestedAt()).isEqualTo(T0.plusSeconds(150).toString());
    assertThat(status.getStopRequest().getEnforcedAt()).isNull();
    assertThat(status.getResult()).isNull();
  }

  @Test
  void aTrainerThatStopsInTimeEndsTheRunItself() {
    RunWorld world = training().stopRequest("Pruned", "ASHA: not in the top 1/3", 150);
    TrainingResult pruned = new TrainingResult();
    pruned.setStopReason(StopReason.Pruned);
    pruned.setEpochs(5);
    pruned.setMonitor(Monitor.VAL_LOSS);
    world.pods.clear();
    world.pod(p -> terminated(p, 0, "Completed", termination("Pruned", "pruned", pruned), T0));
    world.jobCondition("Complete", null);
    TrainingRunStatus status = world.compute(200).status();
    assertThat(condition(status, ConditionTypes.COMPLETE)).isEqualTo("True/Pruned");
    assertThat(status.getStopRequest().getEnforcedAt()).isNull();
  }

  @Test
  void aTrainerThatIgnoresItIsEndedByTheOperatorAndStaysEnded() {
    RunWorld world = training().stopRequest("Pruned", "ASHA: not in the top 1/3", 0);
    TrainingRunStatus ended = world.compute(120).status();
    assertThat(ended.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(condition(ended, ConditionTypes.COMPLETE)).isEqualTo("True/Pruned");
    assertThat(condition(ended, ConditionTypes.RUNNING)).isEqualTo("False/Ended");
    assertThat(ended.getStopRequest().getEnforcedAt()).isEqualTo(T0.plusSeconds(120).toString());
    assertThat(ended.getResult().getStopReason()).isEqualTo(StopReason.Pruned);
    assertThat(ended.getResult().getBestEpoch()).isEqualTo(5);
    assertThat(ended.getResult().getBestCheckpoint().getPath()).isEqualTo("fashion-mlp/best");
    assertThat(ended.getResult().getMessage())
        .isEqualTo(
            "the trainer did not stop within 120 s of the stop request (ASHA: not in the top"
                + " 1/3): the operator ended the run and deleted its Job; best epoch 5 as last"
                + " reported");
    assertThat(ended.getCompletionTime()).isEqualTo(T0.plusSeconds(120).toString());

    // The Job's deletion kills the pod (143) and then the Job is gone: the ending stays.
    world.pods.clear();
    world.pod(p -> terminated(p, 143, "Error", null, T0.plusSeconds(125)));
    assertThat(condition(world.compute(130).status(), ConditionTypes.COMPLETE))
        .isEqualTo("True/Pruned");
    world.job = null;
    world.pods.clear();
    TrainingRunStatus after = world.compute(140).status();
    assertThat(condition(after, ConditionTypes.COMPLETE)).isEqualTo("True/Pruned");
    assertThat(condition(after, ConditionTypes.FAILED)).isEqualTo("False/Pruned");
    assertThat(after.getCompletionTime()).isEqualTo(T0.plusSeconds(120).toString());

    // Nor does a later edit that makes the spec invalid.
    world.invalid("spec.resources.requests.cpu", "4 is more than 2");
    assertThat(condition(world.compute(150).status(), ConditionTypes.COMPLETE))
        .isEqualTo("True/Pruned");
  }

  @Test
  void aRequestWithoutATimeIsShownButNeverEnforced() {
    RunWorld world = training();
    world.progressData.put(
        dev.plateau.api.contract.TrainerPaths.STOP_KEY,
        "{\"reason\":\"Pruned\",\"message\":\"x\"}");
    TrainingRunStatus status = world.compute(100_000).status();
    assertThat(status.getPhase()).isEqualTo(Phase.Running);
    assertThat(status.getStopRequest().getReason()).isEqualTo("Pruned");
  }

  /** A run whose trainer reports epochs with these val_loss values, the operator enforcing. */
  static RunWorld enforced(double... valLosses) {
    RunWorld world =
        RunWorld.of()
            .run(
                r -> {
                  r.getSpec().getEarlyStopping().setEnforcedBy(EnforcedBy.OPERATOR);
                  return r;
                })
            .job()
            .pod(p -> running(p, T0));
    return world.progress(reported(world, valLosses));
  }

  static ProgressSnapshot reported(RunWorld world, double... valLosses) {
    ProgressSnapshot snapshot = world.snapshot(valLosses.length);
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 1; e <= valLosses.length; e++) {
      EpochRecord r = new EpochRecord();
      r.setEpoch(e);
      r.setValLoss(valLosses[e - 1]);
      history.add(r);
    }
    snapshot.setHistory(history.subList(Math.max(0, history.size() - 20), history.size()));
    return snapshot;
  }

  @Test
  void theOperatorAppliesTheRunsRuleAndAsksTheTrainerToStopWhenPatienceRunsOut() {
    // patience 4, delta 0.001 (run.yaml): epoch 3 is the best; 4 to 6 do not improve enough.
    RunWorld world = enforced(0.50, 0.40, 0.30, 0.2995, 0.31, 0.35);
    StatusUpdate early = world.compute(100);
    assertThat(early.stopRequest()).isNull();
    assertThat(early.status().getEarlyStopping().getBest()).isEqualTo(0.30);
    assertThat(early.status().getEarlyStopping().getBestEpoch()).isEqualTo(3);
    assertThat(early.status().getEarlyStopping().getEpochsSinceImprovement()).isEqualTo(3);
    assertThat(early.status().getEarlyStopping().getLastEpoch()).isEqualTo(6);

    world.progress(reported(world, 0.50, 0.40, 0.30, 0.2995, 0.31, 0.35, 0.33));
    StatusUpdate stop = world.compute(110);
    assertThat(stop.stopRequest().reason()).isEqualTo("EarlyStopped");
    assertThat(stop.stopRequest().message())
        .isEqualTo(
            "early stopping enforced by the operator: val_loss did not improve by more than"
                + " 0.001 for 4 epochs; best 0.3000 at epoch 3");
    assertThat(stop.stopRequest().requestedAt()).isEqualTo(T0.plusSeconds(110).toString());
    assertThat(stop.status().getPhase()).isEqualTo(Phase.Running);

    // Written into the ConfigMap, the request is not sent again; the trainer has its grace.
    world.stopRequest("EarlyStopped", stop.stopRequest().message(), 110);
    world.progress(reported(world, 0.50, 0.40, 0.30, 0.2995, 0.31, 0.35, 0.33, 0.36));
    assertThat(world.compute(120).stopRequest()).isNull();
    TrainingRunStatus ended = world.compute(230).status();
    assertThat(condition(ended, ConditionTypes.COMPLETE)).isEqualTo("True/EarlyStopped");
    assertThat(ended.getResult().getStopReason()).isEqualTo(StopReason.EarlyStopped);
  }

  @Test
  void epochsReportedAgainAfterAResumeAreNotCountedTwice() {
    RunWorld world = enforced(0.50, 0.40, 0.41, 0.42);
    assertThat(world.compute(100).status().getEarlyStopping().getEpochsSinceImprovement())
        .isEqualTo(2);
    // Resumed from last/ after epoch 2: epochs 3 and 4 are trained and reported again.
    world.progress(reported(world, 0.50, 0.40, 0.41, 0.42));
    StatusUpdate again = world.compute(110);
    assertThat(again.status().getEarlyStopping().getEpochsSinceImprovement()).isEqualTo(2);
    assertThat(again.stopRequest()).isNull();
  }

  @Test
  void aRunTheTrainerStopsItselfIsLeftAlone() {
    RunWorld world = training();
    StatusUpdate update = world.compute(100);
    assertThat(update.stopRequest()).isNull();
    assertThat(update.status().getEarlyStopping()).isNull();
    assertThat(update.status().getStopRequest()).isNull();
  }
}
