package dev.plateau.operator.reconciler;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.StopRequest;
import dev.plateau.api.status.Condition;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Conditions;
import dev.plateau.api.status.Reasons;
import dev.plateau.api.sweep.Pruning;
import dev.plateau.api.sweep.SweepConditions;
import dev.plateau.api.sweep.SweepLedger;
import dev.plateau.api.sweep.SweepPlan;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import dev.plateau.api.v1alpha1.TrainingSweep;
import dev.plateau.api.v1alpha1.TrainingSweepStatus;
import dev.plateau.api.v1alpha1.TrialRecord;
import dev.plateau.api.v1alpha1.TrialState;
import dev.plateau.api.validation.CrdValidator;
import dev.plateau.api.validation.Violation;
import dev.plateau.operator.status.ApiCallFailed;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep controller: every pass, whatever woke it (the sweep, or a status change of one of its
 * trials), folds the trials' reported epochs into the sweep's status, judges each running trial
 * with the pruner, writes a stop request into the progress ConfigMap of each trial it prunes,
 * creates trials up to the parallelism, and patches the status when it changed. Trials are
 * TrainingRuns owned by the sweep (deleting the sweep deletes them), labelled with the sweep's name
 * and their number. The trials' own controller runs them; a pruned trial's trainer ends it {@code
 * Complete/Pruned}.
 */
@ControllerConfiguration(name = TrainingSweepReconciler.NAME)
public class TrainingSweepReconciler implements Reconciler<TrainingSweep> {

  public static final String NAME = "trainingsweep";

  /** Event reason on the sweep when a trial is pruned. */
  public static final String TRIAL_PRUNED = "TrialPruned";

  private static final Logger LOG = LoggerFactory.getLogger(TrainingSweepReconciler.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final RunEvents events;
  private final Map<String, List<String>> validated =
      new java.util.concurrent.ConcurrentHashMap<>();

  public TrainingSweepReconciler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.events = new RunEvents(client, clock);
  }

  @Override
  public List<EventSource<?, TrainingSweep>> prepareEventSources(
      EventSourceContext<TrainingSweep> context) {
    InformerEventSource<TrainingRun, TrainingSweep> trials =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TrainingRun.class, TrainingSweep.class)
                .withName("trials")
                .withLabelSelector(TrainingSweep.SWEEP_LABEL)
                .withSecondaryToPrimaryMapper(
                    run ->
                        Set.of(
                            new ResourceID(
                                run.getMetadata().getLabels().get(TrainingSweep.SWEEP_LABEL),
                                run.getMetadata().getNamespace())))
                .build(),
            context);
    return List.of(trials);
  }

  @Override
  public UpdateControl<TrainingSweep> reconcile(
      TrainingSweep sweep, Context<TrainingSweep> context) {
    TrainingSweepStatus old = sweep.getStatus();
    TrainingSweepStatus status =
        old == null
            ? new TrainingSweepStatus()
            : ContractJson.mapper().convertValue(old, TrainingSweepStatus.class);
    status.setObservedGeneration(sweep.getMetadata().getGeneration());
    List<String> problems = problems(sweep);
    Effects effects = new Effects(List.of(), List.of());
    if (!problems.isEmpty()) {
      invalid(status, String.join("; ", problems));
    } else {
      effects = advance(sweep, context, status);
    }
    if (!Objects.equals(
        ContractJson.mapper().valueToTree(status),
        old == null ? null : ContractJson.mapper().valueToTree(old))) {
      StatusPatcher.patch(sweep, status, context, TrainingSweep::new);
    }
    // After the patch: a pass whose patch failed is retried, and its prunes reported once.
    effects.pruneEvents().forEach(message -> events.emit(sweep, false, TRIAL_PRUNED, message));
    if (!effects.failures().isEmpty()) {
      // What could be done is recorded; JOSDK retries the rest with its backoff.
      throw effects.failures().get(0);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * What makes the sweep invalid, computed once per generation: a pass runs at every report of
   * every trial, and checking up to 200 trials' specs each time would be wasted (the spec of a
   * generation does not change).
   */
  private List<String> problems(TrainingSweep sweep) {
    String uid = sweep.getMetadata().getUid();
    String key = uid + "/" + sweep.getMetadata().getGeneration();
    List<String> known = validated.get(key);
    if (known == null) {
      validated.keySet().removeIf(k -> k.startsWith(uid + "/"));
      if (validated.size() > 10_000) {
        validated.clear(); // deleted sweeps' entries: a bound, not a cache policy
      }
      known = check(sweep);
      validated.put(key, known);
    }
    return known;
  }

  /** What makes the sweep invalid: the schema's verdict, then its trials'. */
  private static List<String> check(TrainingSweep sweep) {
    List<Violation> violations =
        CrdValidator.trainingSweeps().validateCreate(ContractJson.mapper().valueToTree(sweep));
    if (!violations.isEmpty()) {
      return violations.stream().map(Violation::forPeople).toList();
    }
    try {
      return SweepPlan.of(sweep.getSpec()).trialProblems(sweep.getMetadata().getName(), 3);
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
  }

  private void invalid(TrainingSweepStatus status, String message) {
    SweepConditions.invalid(status, message, status.getObservedGeneration(), clock.instant());
  }

  /**
   * What a pass did besides the status: the Events to record once the status is written, and the
   * first API call that failed (the pass is retried after the status is written).
   */
  private record Effects(List<String> pruneEvents, List<ApiCallFailed> failures) {}

  /** Folds in the trials, prunes, creates trials, and sets counts and conditions. */
  private Effects advance(
      TrainingSweep sweep, Context<TrainingSweep> context, TrainingSweepStatus status) {
    String name = sweep.getMetadata().getName();
    SweepPlan plan = SweepPlan.of(sweep.getSpec());
    SweepLedger ledger = new SweepLedger(name, plan, new ArrayList<>(status.getTrials()));
    Map<String, TrainingRun> runs = new HashMap<>();
    int highest = -1;
    for (TrainingRun run : context.getSecondaryResources(TrainingRun.class)) {
      int n = trialNumber(run);
      // Only this sweep's trials: a deleted sweep's of the same name may linger until the
      // garbage collector takes them, and a label alone proves nothing.
      if (n < 0
          || n >= plan.trialCount()
          || !TrainingSweep.trialName(name, n).equals(run.getMetadata().getName())
          || !ownedBy(run, sweep)) {
        continue;
      }
      runs.put(run.getMetadata().getName(), run);
      highest = Math.max(highest, n);
    }
    // Trials created in a pass whose status patch did not land: recorded now, in number order.
    for (int n = ledger.trials().size(); n <= highest; n++) {
      ledger.created(n);
    }
    List<TrialRecord> toStart = new ArrayList<>();
    for (TrialRecord trial : ledger.trials()) {
      TrainingRun run = runs.get(trial.getName());
      if (run == null) {
        if (!trial.getState().ended()) {
          if (trial.getState() == TrialState.Pending) {
            toStart.add(trial); // created, not yet seen (or deleted before it started): create
          } else {
            ledger.ended(
                trial, TrialState.Failed, "the trial's TrainingRun was deleted", null, null);
          }
        }
        continue;
      }
      fold(ledger, trial, run);
    }
    List<String> events = new ArrayList<>();
    List<ApiCallFailed> failures = new ArrayList<>();
    for (TrialRecord trial : ledger.trials()) {
      Pruning verdict = ledger.judge(trial);
      if (!verdict.prune()) {
        continue;
      }
      try {
        if (requestStop(sweep, trial, verdict.reason())) {
          ledger.pruned(trial, verdict, clock.instant().toString());
          events.add(
              trial.getName()
                  + " pruned after epoch "
                  + trial.getJudgedUpTo()
                  + ": "
                  + verdict.reason());
        }
      } catch (ApiCallFailed e) {
        failures.add(e);
      }
    }
    for (int n : ledger.toCreate()) {
      toStart.add(ledger.created(n));
    }
    for (TrialRecord trial : toStart) {
      try {
        create(sweep, plan, trial);
      } catch (ApiCallFailed e) {
        failures.add(e);
      }
    }
    ledger.fill(status);
    conditions(status, ledger);
    return new Effects(events, failures);
  }

  private static boolean ownedBy(TrainingRun run, TrainingSweep sweep) {
    return run.getMetadata().getOwnerReferences().stream()
        .anyMatch(
            o ->
                Boolean.TRUE.equals(o.getController())
                    && sweep.getMetadata().getUid().equals(o.getUid()));
  }

  /** Folds a trial's reported epochs and, once it ended, how. */
  private static void fold(SweepLedger ledger, TrialRecord trial, TrainingRun run) {
    TrainingRunStatus s = run.getStatus();
    if (s == null) {
      return;
    }
    ProgressSnapshot progress = s.getProgress();
    if (progress != null && progress.getHistory() != null) {
      Map<Integer, Double> epochs = new LinkedHashMap<>();
      for (EpochRecord record : progress.getHistory()) {
        if (record.getEpoch() != null) {
          Double value = ledger.plan().monitor().valueIn(record);
          epochs.put(record.getEpoch(), value == null ? Double.NaN : value);
        }
      }
      ledger.observe(trial, epochs);
    }
    if (trial.getState().ended()) {
      return;
    }
    List<Condition> conditions = s.getConditions();
    TrainingResult result = s.getResult();
    if (Conditions.isTrue(conditions, ConditionTypes.COMPLETE)) {
      String reason =
          Conditions.find(conditions, ConditionTypes.COMPLETE).map(Condition::getReason).orElse("");
      boolean pruned = Reasons.PRUNED.equals(reason);
      ledger.ended(
          trial,
          pruned ? TrialState.Pruned : TrialState.Completed,
          pruned ? null : result == null ? null : result.getMessage(),
          result == null ? null : result.getBestCheckpoint(),
          result == null ? null : result.getTestAccuracy());
    } else if (Conditions.isTrue(conditions, ConditionTypes.FAILED)) {
      ledger.ended(
          trial,
          TrialState.Failed,
          Conditions.find(conditions, ConditionTypes.FAILED)
              .map(c -> c.getReason() + ": " + c.getMessage())
              .orElse("failed"),
          null,
          null);
    }
  }

  /**
   * Writes the stop request into the trial's progress ConfigMap; false when the ConfigMap is not
   * there yet (the next report brings the trial back here).
   */
  private boolean requestStop(TrainingSweep sweep, TrialRecord trial, String reason) {
    boolean written =
        StopRequestWriter.write(
            client,
            sweep.getMetadata().getNamespace(),
            trial.getName(),
            new StopRequest(Reasons.PRUNED, reason, clock.instant().toString()));
    if (written) {
      LOG.info("pruned {}/{}: {}", sweep.getMetadata().getNamespace(), trial.getName(), reason);
    }
    return written;
  }

  /** Creates a trial's TrainingRun, owned by the sweep; one that already exists is left alone. */
  private void create(TrainingSweep sweep, SweepPlan plan, TrialRecord trial) {
    TrainingRun run = new TrainingRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(trial.getName())
            .withNamespace(sweep.getMetadata().getNamespace())
            .addToLabels(TrainingSweep.SWEEP_LABEL, sweep.getMetadata().getName())
            .addToLabels(TrainingSweep.TRIAL_LABEL, Integer.toString(trial.getNumber()))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(sweep.getApiVersion())
                    .withKind(TrainingSweep.KIND)
                    .withName(sweep.getMetadata().getName())
                    .withUid(sweep.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .build());
    run.setSpec(plan.trialSpec(trial.getNumber()));
    try {
      client.resource(run).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw ApiCallFailed.of("creating", run, e);
      }
    }
  }

  private void conditions(TrainingSweepStatus status, SweepLedger ledger) {
    SweepConditions.apply(status, ledger, false, status.getObservedGeneration(), clock.instant());
  }

  private static int trialNumber(TrainingRun run) {
    try {
      return Integer.parseInt(run.getMetadata().getLabels().get(TrainingSweep.TRIAL_LABEL));
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
