package dev.plateau.operator.status;

import static dev.plateau.operator.it.TrainerPodStates.running;
import static dev.plateau.operator.it.TrainerPodStates.terminated;
import static dev.plateau.operator.it.TrainerPodStates.unschedulable;
import static dev.plateau.operator.it.TrainerPodStates.waiting;
import static dev.plateau.operator.status.RunWorld.T0;
import static dev.plateau.operator.status.RunWorld.termination;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.status.Condition;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The status table: Job and pod states x snapshots x termination messages -> conditions, phase and
 * result. Each row reads "given this world, Running/Complete/Failed say this".
 */
class StatusCalculatorTest {

  static TrainingResult result(StopReason reason, int bestEpoch) {
    TrainingResult result = new TrainingResult();
    result.setStopReason(reason);
    result.setEpochs(bestEpoch + 4);
    result.setBestEpoch(bestEpoch);
    result.setBestMetric(0.31);
    result.setBestCheckpoint(new CheckpointRef("fashion-mlp-checkpoints", "fashion-mlp/best"));
    result.setMessage("from the trainer");
    return result;
  }

  static Arguments row(
      String name,
      Supplier<RunWorld> world,
      Phase phase,
      String running,
      String complete,
      String failed,
      StopReason stopReason) {
    return Arguments.of(name, world, phase, running, complete, failed, stopReason);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "invalid spec",
            () -> RunWorld.of().invalid("spec.resources.requests.cpu", "4 is more than 2"),
            Phase.Failed,
            "False/InvalidSpec",
            "False/InvalidSpec",
            "True/InvalidSpec",
            null),
        row(
            "no Job yet",
            RunWorld::of,
            Phase.Pending,
            "False/Pending",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "Job created, no pod",
            () -> RunWorld.of().job(),
            Phase.Pending,
            "False/JobCreated",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "suspended by the user",
            () ->
                RunWorld.of()
                    .run(
                        r -> {
                          r.getSpec().getRunPolicy().setSuspend(true);
                          return r;
                        })
                    .job(),
            Phase.Suspended,
            "False/Suspended",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "waiting for Kueue",
            () ->
                RunWorld.of()
                    .run(
                        r -> {
                          r.getSpec().getRunPolicy().setQueueName("team-a");
                          return r;
                        })
                    .job(),
            Phase.Pending,
            "False/Queued",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "no node for the pod",
            () -> RunWorld.of().job().pod(p -> unschedulable(p, "0/3 nodes have a free GPU")),
            Phase.Pending,
            "False/Unschedulable",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "image cannot be pulled",
            () -> RunWorld.of().job().pod(p -> waiting(p, "ImagePullBackOff", "not found")),
            Phase.Pending,
            "False/ImagePullBackOff",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "container being created",
            () -> RunWorld.of().job().pod(p -> waiting(p, "ContainerCreating", null)),
            Phase.Pending,
            "False/Pending",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "dataset claim missing",
            () -> RunWorld.of().missing("datasets").job().pod(p -> p),
            Phase.Pending,
            "False/ClaimNotFound",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "training",
            () -> RunWorld.of().job().pod(p -> running(p, T0)),
            Phase.Running,
            "True/Training",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "first pod failed, Job about to retry",
            () -> RunWorld.of().job().pod(p -> terminated(p, 1, "Error", "boom", T0)),
            Phase.Pending,
            "False/Retrying",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "first pod ran out of memory, Job about to retry",
            () -> RunWorld.of().job().pod(p -> terminated(p, 137, "OOMKilled", null, T0)),
            Phase.Pending,
            "False/OOMKilled",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "trainer gave up (exit 2), the Job has not failed yet",
            () -> RunWorld.of().job().pod(p -> terminated(p, 2, "Error", "bad data", T0)),
            Phase.Pending,
            "False/Ended",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "second pod training",
            () ->
                RunWorld.of()
                    .job()
                    .pod(p -> terminated(p, 1, "Error", "boom", T0))
                    .pod(p -> running(p, T0.plusSeconds(30))),
            Phase.Running,
            "True/Training",
            "Unknown/Unknown",
            "Unknown/Unknown",
            null),
        row(
            "stopped early, termination message has the result",
            () ->
                RunWorld.of()
                    .job()
                    .pod(
                        p ->
                            terminated(
                                p,
                                0,
                                "Completed",
                                termination(
                                    "EarlyStopped", "done", result(StopReason.EarlyStopped, 7)),
                                T0))
                    .jobCondition("Complete", null),
            Phase.Succeeded,
            "False/Ended",
            "True/EarlyStopped",
            "False/EarlyStopped",
            StopReason.EarlyStopped),
        row(
            "pruned on a stop request (exit 0, result says Pruned)",
            () ->
                RunWorld.of()
                    .job()
                    .pod(
                        p ->
                            terminated(
                                p,
                                0,
                                "Completed",
                                termination("Pruned", "pruned", result(StopReason.Pruned, 3)),
                                T0))
                    .jobCondition("Complete", null),
            Phase.Succeeded,
            "False/Ended",
            "True/Pruned",
            "False/Pruned",
            StopReason.Pruned),
        row(
            "all epochs ran, termination message lost, result.json has it",
            () ->
                RunWorld.of()
                    .job()
                    .pod(p -> terminated(p, 0, "Completed", null, T0))
                    .resultJson(result(StopReason.MaxEpochsReached, 29))
                    .jobCondition("Complete", null),
            Phase.Succeeded,
            "False/Ended",
            "True/MaxEpochsReached",
            "False/MaxEpochsReached",
            StopReason.MaxEpochsReached),
        row(
            "all epochs ran, only the last snapshot survives",
            () -> {
              RunWorld world =
                  RunWorld.of().job().pod(p -> terminated(p, 0, "Completed", null, T0));
              return world.progress(world.snapshot(30)).jobCondition("Complete", null);
            },
            Phase.Succeeded,
            "False/Ended",
            "True/MaxEpochsReached",
            "False/MaxEpochsReached",
            StopReason.MaxEpochsReached),
        row(
            "non-finite metric (exit 3)",
            () ->
                RunWorld.of()
                    .job()
                    .pod(
                        p ->
                            terminated(
                                p,
                                3,
                                "Error",
                                termination(
                                    "NonFiniteMetric",
                                    "val_loss became NaN at epoch 9",
                                    result(StopReason.NonFiniteMetric, 6)),
                                T0))
                    .jobCondition("Failed", "PodFailurePolicy"),
            Phase.Failed,
            "False/Ended",
            "False/NonFiniteMetric",
            "True/NonFiniteMetric",
            StopReason.NonFiniteMetric),
        row(
            "invalid input (exit 2)",
            () ->
                RunWorld.of()
                    .job()
                    .pod(
                        p ->
                            terminated(
                                p,
                                2,
                                "Error",
                                termination(
                                    "InvalidInput", "no train-images-idx3-ubyte in /data/x", null),
                                T0))
                    .jobCondition("Failed", "PodFailurePolicy"),
            Phase.Failed,
            "False/Ended",
            "False/InvalidInput",
            "True/InvalidInput",
            null),
        row(
            "backoff limit exceeded",
            () ->
                RunWorld.of()
                    .job()
                    .pod(p -> terminated(p, 1, "Error", "boom", T0))
                    .pod(p -> terminated(p, 1, "Error", "boom", T0.plusSeconds(20)))
                    .pod(p -> terminated(p, 1, "Error", "boom again", T0.plusSeconds(40)))
                    .jobCondition("Failed", "BackoffLimitExceeded"),
            Phase.Failed,
            "False/Ended",
            "False/BackoffLimitExceeded",
            "True/BackoffLimitExceeded",
            null),
        row(
            "backoff limit exceeded by running out of memory",
            () ->
                RunWorld.of()
                    .job()
                    .pod(p -> terminated(p, 137, "OOMKilled", null, T0))
                    .jobCondition("Failed", "BackoffLimitExceeded"),
            Phase.Failed,
            "False/Ended",
            "False/OOMKilled",
            "True/OOMKilled",
            null),
        row(
            "deadline exceeded",
            () ->
                RunWorld.of()
                    .run(
                        r -> {
                          r.getSpec().getRunPolicy().setActiveDeadlineSeconds(60L);
                          return r;
                        })
                    .job()
                    .pod(p -> terminated(p, 143, "Error", null, T0))
                    .jobCondition("Failed", "DeadlineExceeded"),
            Phase.Failed,
            "False/Ended",
            "False/DeadlineExceeded",
            "True/DeadlineExceeded",
            null),
        row(
            "Job gone after the end (ttlSecondsAfterFinished)",
            () -> {
              RunWorld world =
                  RunWorld.of()
                      .job()
                      .pod(
                          p ->
                              terminated(
                                  p,
                                  0,
                                  "Completed",
                                  termination(
                                      "EarlyStopped", "done", result(StopReason.EarlyStopped, 7)),
                                  T0))
                      .jobCondition("Complete", null);
              world.compute(100);
              world.job = null;
              world.pods.clear();
              return world;
            },
            Phase.Succeeded,
            "False/Ended",
            "True/EarlyStopped",
            "False/EarlyStopped",
            StopReason.EarlyStopped),
        row(
            "Job deleted from outside before the end",
            () -> {
              RunWorld world = RunWorld.of().job().pod(p -> running(p, T0));
              world.compute(100);
              world.job = null;
              world.pods.clear();
              return world;
            },
            Phase.Failed,
            "False/Ended",
            "False/JobDeleted",
            "True/JobDeleted",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void table(
      String name,
      Supplier<RunWorld> world,
      Phase phase,
      String running,
      String complete,
      String failed,
      StopReason stopReason) {
    TrainingRunStatus status = world.get().compute(200).status();
    assertThat(status.getPhase()).isEqualTo(phase);
    assertThat(condition(status, ConditionTypes.RUNNING)).isEqualTo(running);
    assertThat(condition(status, ConditionTypes.COMPLETE)).isEqualTo(complete);
    assertThat(condition(status, ConditionTypes.FAILED)).isEqualTo(failed);
    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactlyInAnyOrderElementsOf(ConditionTypes.ALL);
    assertThat(status.getConditions())
        .allSatisfy(
            c -> {
              assertThat(c.getReason()).isNotBlank();
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
              assertThat(c.getLastTransitionTime()).isNotNull();
            });
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    if (stopReason == null) {
      assertThat(status.getResult()).isNull();
    } else {
      assertThat(status.getResult().getStopReason()).isEqualTo(stopReason);
      assertThat(status.getCompletionTime()).isNotNull();
    }
  }

  static String condition(TrainingRunStatus status, String type) {
    Condition c = Conditions.find(status.getConditions(), type).orElseThrow();
    return c.getStatus() + "/" + c.getReason();
  }

  @Test
  void aTrainingRunShowsTheTimeLeftAndASuspendedOrEndedRunDoesNot() {
    RunWorld training = RunWorld.of().job().pod(p -> running(p, T0));
    ProgressSnapshot snapshot = training.snapshot(5);
    snapshot.setEpochSeconds(2.5);
    snapshot.setUpdatedAt(T0.plusSeconds(60).toString());
    TrainingRunStatus running = training.progress(snapshot).compute(200).status();

    assertThat(running.getProgress().getEta().getEarliestStopEpoch()).isEqualTo(9);
    assertThat(running.getProgress().getEta().getEarliestStopSeconds()).isEqualTo(10.0);
    assertThat(running.getProgress().getEta().getMaxEpochsSeconds()).isEqualTo(62.5);

    RunWorld suspended =
        RunWorld.of()
            .run(
                r -> {
                  r.getSpec().getRunPolicy().setSuspend(true);
                  return r;
                })
            .job();
    ProgressSnapshot paused = suspended.snapshot(5);
    paused.setEpochSeconds(2.5);
    TrainingRunStatus whileSuspended = suspended.progress(paused).compute(200).status();

    assertThat(whileSuspended.getPhase()).isEqualTo(Phase.Suspended);
    assertThat(whileSuspended.getProgress().getEpoch()).isEqualTo(5);
    assertThat(whileSuspended.getProgress().getEta()).as("no time left while suspended").isNull();

    RunWorld ended = RunWorld.of().job().pod(p -> terminated(p, 0, "Completed", null, T0));
    ProgressSnapshot last = ended.snapshot(30);
    last.setEpochSeconds(2.5);
    TrainingRunStatus complete =
        ended.progress(last).jobCondition("Complete", null).compute(200).status();

    assertThat(complete.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(complete.getProgress().getEpoch()).isEqualTo(30);
    assertThat(complete.getProgress().getEta()).isNull();
  }

  @Test
  void aFailedPassShowsInSyncedWithAnEventPerNewErrorAndOneForTheRecovery() {
    ReconcileError quota =
        new ReconcileError(
            "creating Job default/fashion-mlp failed: jobs.batch \"fashion-mlp\" is forbidden:"
                + " exceeded quota: gpu-quota",
            "Forbidden");
    RunWorld world = RunWorld.of();

    StatusUpdate first = world.compute(0);
    assertThat(condition(first.status(), ConditionTypes.SYNCED)).isEqualTo("True/ReconcileSuccess");
    assertThat(first.transitions()).noneMatch(t -> t.type().equals(ConditionTypes.SYNCED));

    StatusUpdate failed = world.compute(10, quota);
    assertThat(condition(failed.status(), ConditionTypes.SYNCED)).isEqualTo("False/ReconcileError");
    assertThat(Conditions.find(failed.status().getConditions(), ConditionTypes.SYNCED))
        .get()
        .extracting(Condition::getMessage)
        .isEqualTo(quota.message());
    assertThat(failed.status().getPhase())
        .as("the phase is the run's, not the operator's")
        .isEqualTo(Phase.Pending);
    assertThat(failed.transitions())
        .filteredOn(t -> t.type().equals(ConditionTypes.SYNCED))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.warning()).isTrue();
              assertThat(t.reason()).isEqualTo("ReconcileError");
              assertThat(t.message()).isEqualTo(quota.message());
            });

    assertThat(world.compute(20, quota).transitions())
        .as("the same error again: no new Event")
        .noneMatch(t -> t.type().equals(ConditionTypes.SYNCED));
    assertThat(
            world
                .compute(30, new ReconcileError("updating Role x failed: no", "Forbidden"))
                .transitions())
        .as("another error: an Event")
        .anyMatch(t -> t.type().equals(ConditionTypes.SYNCED));

    StatusUpdate recovered = world.compute(40);
    assertThat(condition(recovered.status(), ConditionTypes.SYNCED))
        .isEqualTo("True/ReconcileSuccess");
    assertThat(recovered.transitions())
        .filteredOn(t -> t.type().equals(ConditionTypes.SYNCED))
        .singleElement()
        .satisfies(t -> assertThat(t.warning()).isFalse());
  }
}
