package dev.plateau.operator.status;

import static dev.plateau.operator.it.TrainerPodStates.running;
import static dev.plateau.operator.it.TrainerPodStates.terminated;
import static dev.plateau.operator.status.RunWorld.T0;
import static dev.plateau.operator.status.RunWorld.termination;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.status.Condition;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import dev.plateau.operator.it.TrainerPodStates;
import dev.plateau.operator.status.StatusUpdate.Transition;
import org.junit.jupiter.api.Test;

/** What the status says beyond the table: messages, times, attempts, results and Events. */
class StatusDetailsTest {

  static Condition condition(TrainingRunStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }

  @Test
  void invalidSpecNamesTheField() {
    TrainingRunStatus status =
        RunWorld.of()
            .invalid("spec.resources.requests.cpu", "4 is more than limits.cpu (2)")
            .compute(0)
            .status();
    assertThat(condition(status, ConditionTypes.FAILED).getMessage())
        .contains("spec.resources.requests.cpu")
        .contains("4 is more than limits.cpu (2)");
    assertThat(condition(status, ConditionTypes.ACCEPTED).getStatus()).isEqualTo("False");
    assertThat(status.getJobName()).isNull();
  }

  @Test
  void aFixedSpecIsAcceptedAgain() {
    RunWorld world = RunWorld.of().invalid("spec.resources.requests.cpu", "too much");
    world.compute(0);
    world.violations.clear();
    TrainingRunStatus status = world.job().compute(10).status();
    assertThat(condition(status, ConditionTypes.ACCEPTED).getStatus()).isEqualTo("True");
    assertThat(condition(status, ConditionTypes.FAILED).getStatus()).isEqualTo("Unknown");
  }

  @Test
  void invalidInputCarriesTheTrainersMessage() {
    TrainingRunStatus status =
        RunWorld.of()
            .job()
            .pod(
                p ->
                    terminated(
                        p,
                        2,
                        "Error",
                        termination("InvalidInput", "no such folder /data/x", null),
                        T0))
            .jobCondition("Failed", "PodFailurePolicy")
            .compute(0)
            .status();
    assertThat(condition(status, ConditionTypes.FAILED).getMessage())
        .isEqualTo("no such folder /data/x");
    assertThat(status.getAttempt()).isEqualTo(1);
  }

  @Test
  void aCrashWithoutTerminationMessageShowsTheLogTail() {
    TrainingRunStatus status =
        RunWorld.of()
            .job()
            .pod(
                p ->
                    terminated(
                        p,
                        1,
                        "Error",
                        "Exception in thread main: java.lang.IllegalStateException: x",
                        T0))
            .jobCondition("Failed", "BackoffLimitExceeded")
            .compute(0)
            .status();
    assertThat(condition(status, ConditionTypes.FAILED).getMessage())
        .contains("exit code 1")
        .contains("IllegalStateException");
  }

  @Test
  void transitionTimeMovesOnlyWhenTheStatusMoves() {
    RunWorld world = RunWorld.of().job().pod(p -> p);
    world.compute(0);
    String pending =
        condition(world.run.getStatus(), ConditionTypes.RUNNING).getLastTransitionTime();
    world.pods.set(0, TrainerPodStates.waiting(world.pods.get(0), "ImagePullBackOff", "nope"));
    world.compute(30);
    // False/Pending -> False/ImagePullBackOff: the reason moved, the status did not.
    assertThat(condition(world.run.getStatus(), ConditionTypes.RUNNING).getLastTransitionTime())
        .isEqualTo(pending);
    world.pods.set(0, running(world.pods.get(0), T0.plusSeconds(50)));
    world.compute(60);
    assertThat(condition(world.run.getStatus(), ConditionTypes.RUNNING).getLastTransitionTime())
        .isEqualTo(T0.plusSeconds(60).toString());
  }

  @Test
  void attemptCountsFailedPods() {
    RunWorld world =
        RunWorld.of()
            .job()
            .pod(p -> terminated(p, 1, "Error", "x", T0))
            .pod(p -> terminated(p, 137, "OOMKilled", null, T0.plusSeconds(10)))
            .pod(p -> running(p, T0.plusSeconds(20)));
    TrainingRunStatus status = world.compute(30).status();
    assertThat(status.getAttempt()).isEqualTo(3);
    assertThat(status.getJobName()).isEqualTo("fashion-mlp");
    assertThat(condition(status, ConditionTypes.RUNNING).getMessage()).contains("attempt 3");
  }

  @Test
  void startAndCompletionTimes() {
    RunWorld world = RunWorld.of().job().pod(p -> running(p, T0));
    assertThat(world.compute(10).status().getStartTime()).isEqualTo(T0.toString());
    assertThat(world.run.getStatus().getCompletionTime()).isNull();
    world.pods.set(0, terminated(world.pods.get(0), 0, "Completed", null, T0.plusSeconds(50)));
    world.jobCondition("Complete", null);
    assertThat(world.compute(70).status().getCompletionTime())
        .isEqualTo(T0.plusSeconds(60).toString());
  }

  @Test
  void resultPieceTogetherFromTheSnapshotNamesTheBestCheckpoint() {
    RunWorld world = RunWorld.of().job().pod(p -> terminated(p, 0, "Completed", null, T0));
    var snapshot = world.snapshot(12);
    snapshot.setBestEpoch(8);
    snapshot.setBestMetric(0.25);
    world.progress(snapshot).jobCondition("Complete", null);
    var result = world.compute(10).status().getResult();
    assertThat(result.getStopReason()).isEqualTo(StopReason.EarlyStopped);
    assertThat(result.getBestEpoch()).isEqualTo(8);
    assertThat(result.getBestMetric()).isEqualTo(0.25);
    assertThat(result.getBestCheckpoint().getClaimName()).isEqualTo("fashion-mlp-checkpoints");
    assertThat(result.getBestCheckpoint().getPath()).isEqualTo("fashion-mlp/best");
  }

  @Test
  void nonFiniteMetricWithoutItsMessageStillSaysSo() {
    RunWorld world = RunWorld.of().job().pod(p -> terminated(p, 3, "Error", null, T0));
    world.progress(world.snapshot(5)).jobCondition("Failed", "PodFailurePolicy");
    var status = world.compute(10).status();
    assertThat(status.getResult().getStopReason()).isEqualTo(StopReason.NonFiniteMetric);
    assertThat(status.getResult().getBestEpoch()).isEqualTo(5);
  }

  @Test
  void progressIsCopiedAndKeptWhenTheConfigMapIsGone() {
    RunWorld world = RunWorld.of().job().pod(p -> running(p, T0));
    world.progress(world.snapshot(3));
    assertThat(world.compute(10).status().getProgress().getEpoch()).isEqualTo(3);
    world.progressData = null;
    assertThat(world.compute(20).status().getProgress().getEpoch()).isEqualTo(3);
  }

  @Test
  void sameWorldTwiceIsNoChange() {
    RunWorld world = RunWorld.of().job().pod(p -> running(p, T0));
    world.progress(world.snapshot(3));
    world.compute(10);
    TrainingRunStatus first = world.run.getStatus();
    StatusUpdate second =
        StatusCalculator.compute(
            world.run,
            world.observed(),
            java.time.Clock.fixed(T0.plusSeconds(99), java.time.ZoneOffset.UTC));
    assertThat(second.differsFrom(first)).isFalse();
    assertThat(second.transitions()).isEmpty();
  }

  @Test
  void eventsOnTransitionsWarningsOnFailures() {
    RunWorld world = RunWorld.of().job();
    assertThat(world.compute(0).transitions())
        .extracting(Transition::type, Transition::status, Transition::reason, Transition::warning)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Accepted", "True", "SpecValid", false),
            org.assertj.core.groups.Tuple.tuple("Running", "False", "JobCreated", false));
    world.pod(p -> TrainerPodStates.waiting(p, "ImagePullBackOff", "nope"));
    assertThat(world.compute(10).transitions())
        .extracting(Transition::reason, Transition::warning)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ImagePullBackOff", true));
    world.pods.set(0, terminated(world.pods.get(0), 2, "Error", "bad", T0));
    world.jobCondition("Failed", "PodFailurePolicy");
    assertThat(world.compute(20).transitions())
        .extracting(Transition::type, Transition::reason, Transition::warning)
        .contains(
            org.assertj.core.groups.Tuple.tuple("Failed", "InvalidInput", true),
            org.assertj.core.groups.Tuple.tuple("Running", "Ended", false));
  }

  @Test
  void rejectedSnapshotIsReportedAndTheOldOneKept() {
    RunWorld world = RunWorld.of().job().pod(p -> running(p, T0));
    world.progress(world.snapshot(5));
    world.compute(10);
    world.progress(world.snapshot(4));
    StatusUpdate update = world.compute(20);
    assertThat(update.snapshotRejection()).contains("epoch 4 is behind the status's 5");
    assertThat(update.status().getProgress().getEpoch()).isEqualTo(5);
  }
}
