package dev.plateau.operator.reconciler;

import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.v1alpha1.TrainingRunStatus;
import dev.plateau.api.validation.Violation;
import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.RunMetrics;
import dev.plateau.operator.dependent.CheckpointClaimDependentResource;
import dev.plateau.operator.dependent.ProgressConfigMapDependentResource;
import dev.plateau.operator.dependent.RunLabels;
import dev.plateau.operator.dependent.TrainerConfigMapDependentResource;
import dev.plateau.operator.dependent.TrainerJobDependentResource;
import dev.plateau.operator.dependent.TrainerRoleBindingDependentResource;
import dev.plateau.operator.dependent.TrainerRoleDependentResource;
import dev.plateau.operator.dependent.TrainerServiceAccountDependentResource;
import dev.plateau.operator.status.ApiCallFailed;
import dev.plateau.operator.status.Observed;
import dev.plateau.operator.status.ReconcileError;
import dev.plateau.operator.status.StatusCalculator;
import dev.plateau.operator.status.StatusUpdate;
import dev.plateau.operator.status.StopRequests;
import dev.plateau.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run controller: every pass, whatever woke it, validates the spec, reconciles the dependents
 * (only for a valid spec, so an invalid one gets no pod), reads the Job, its pods and the progress
 * ConfigMap from the caches, computes the status and patches it only when it changed. Informers
 * wake it; it never polls. See CONTROLLER.md.
 */
@ControllerConfiguration(name = TrainingRunReconciler.NAME)
public class TrainingRunReconciler implements Reconciler<TrainingRun> {

  public static final String NAME = "trainingrun";

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRunReconciler.class);

  private final Clock clock;
  private final Duration stopGracePeriod;
  private final RunMetrics metrics;
  private final RunEvents events;
  private final SpecValidator validator = new SpecValidator();
  private final CheckpointClaimDependentResource checkpointClaim =
      new CheckpointClaimDependentResource();
  private final RunObserver observer;
  private final Workflow<TrainingRun> workflow;

  public TrainingRunReconciler(
      OperatorSettings settings, KubernetesClient client, RunMetrics metrics, Clock clock) {
    this.clock = clock;
    this.stopGracePeriod = settings.stopGracePeriod();
    this.metrics = metrics;
    this.events = new RunEvents(client, clock);
    metrics.onRunDeleted(events::forget);
    var config = new TrainerConfigMapDependentResource();
    var progress = new ProgressConfigMapDependentResource();
    var serviceAccount = new TrainerServiceAccountDependentResource();
    var role = new TrainerRoleDependentResource();
    var roleBinding = new TrainerRoleBindingDependentResource();
    var job = new TrainerJobDependentResource(settings);
    this.observer = new RunObserver(settings, progress);
    this.workflow =
        new WorkflowBuilder<TrainingRun>()
            .addDependentResource(config)
            .addDependentResource(progress)
            .addDependentResource(serviceAccount)
            .addDependentResource(role)
            .addDependentResourceAndConfigure(roleBinding)
            .dependsOn(serviceAccount, role)
            .addDependentResourceAndConfigure(checkpointClaim)
            .withReconcilePrecondition(new CheckpointClaimPrecondition())
            // The trainer needs its config, its progress ConfigMap and its rights from the start.
            .addDependentResourceAndConfigure(job)
            .dependsOn(config, progress, roleBinding)
            .withReconcilePrecondition(new JobPrecondition())
            .build();
  }

  @Override
  public List<EventSource<?, TrainingRun>> prepareEventSources(
      EventSourceContext<TrainingRun> context) {
    // The operator's own checkpoint PVC is watched by the claims informer too.
    InformerEventSource<PersistentVolumeClaim, TrainingRun> claims =
        ClaimEventSources.create(context);
    checkpointClaim.setEventSource(claims);
    observer.useClaims(claims);
    InformerEventSource<Pod, TrainingRun> pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, TrainingRun.class)
                .withName("pods")
                .withLabelSelector(RunLabels.selector(TrainerJobDependentResource.COMPONENT))
                .withSecondaryToPrimaryMapper(RunLabels::toRun)
                .build(),
            context);
    List<EventSource<?, TrainingRun>> sources =
        new ArrayList<>(EventSourceUtils.eventSourcesFromWorkflow(context, workflow));
    sources.add(pods);
    return sources;
  }

  @Override
  public UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context) {
    List<Violation> violations = validator.validate(run);
    if (violations.isEmpty()) {
      workflow.reconcile(run, context);
    }
    StatusUpdate update = publish(run, context, violations, null);
    TrainingRunStatus status = update.status();
    if (update.stopRequest() != null
        && StopRequestWriter.write(
            context.getClient(),
            run.getMetadata().getNamespace(),
            run.getMetadata().getName(),
            update.stopRequest())) {
      // A failed write is sent again on the next pass: the request follows from the status.
      LOG.info("early stopping enforced: {}", update.stopRequest().message());
    }
    if (StopRequests.enforced(status)) {
      deleteJob(run, context);
    }
    return untilTheStopDeadline(status)
        .map(wait -> UpdateControl.<TrainingRun>noUpdate().rescheduleAfter(wait))
        .orElseGet(UpdateControl::noUpdate);
  }

  /**
   * The trainer did not honour a stop request in time and the status now says the run ended: its
   * Job goes (in the background, so the pod gets SIGTERM and a Plateau trainer saves last/).
   */
  private static void deleteJob(TrainingRun run, Context<TrainingRun> context) {
    Optional<Job> job = context.getSecondaryResource(Job.class);
    if (job.isEmpty() || job.get().getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    try {
      context
          .getClient()
          .resource(job.get())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
      LOG.info(
          "deleted Job {}: its trainer did not honour the stop request",
          job.get().getMetadata().getName());
    } catch (KubernetesClientException e) {
      throw ApiCallFailed.of("deleting", job.get(), e);
    }
  }

  /**
   * How long until a pending stop request's grace period ends (then the next pass may end the run):
   * nothing wakes the operator at that moment otherwise.
   */
  private Optional<Duration> untilTheStopDeadline(TrainingRunStatus status) {
    if (status == null
        || status.getStopRequest() == null
        || status.getStopRequest().getEnforcedAt() != null
        || StatusCalculator.hasEnded(status)) {
      return Optional.empty();
    }
    return StopRequests.deadline(status.getStopRequest().getRequestedAt(), stopGracePeriod)
        .map(
            deadline -> {
              Duration wait = Duration.between(clock.instant(), deadline).plusSeconds(1);
              return wait.isNegative() ? Duration.ofSeconds(1) : wait;
            });
  }

  /**
   * A pass failed (an API call the workflow or the status patch made, or a bug): the status says so
   * in Synced=False/ReconcileError, with the rest computed from the caches as on any pass, an Event
   * goes out for a new error, and the metric counts it. JOSDK retries ({@link #RETRY}) for as long
   * as the error lasts, so Synced turns True by itself once the cause is fixed.
   */
  @Override
  public ErrorStatusUpdateControl<TrainingRun> updateErrorStatus(
      TrainingRun run, Context<TrainingRun> context, Exception e) {
    ReconcileError error = ReconcileError.of(e);
    metrics.reconcileFailed(error);
    LOG.warn("{} (retrying)", error.message());
    try {
      publish(run, context, validator.validate(run), error);
    } catch (RuntimeException statusFailed) {
      // The status cannot say it (its own patch is refused): the Event does.
      events.reconcileError(run, ReconcileError.of(statusFailed).message());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Computes the status from the caches, patches it if it changed, then Events and metrics.
   *
   * @return the status computed, and a stop request to send
   */
  private StatusUpdate publish(
      TrainingRun run,
      Context<TrainingRun> context,
      List<Violation> violations,
      ReconcileError error) {
    Observed observed = observer.observe(run, context, violations);
    StatusUpdate update = StatusCalculator.compute(run, observed, clock, error);
    if (update.differsFrom(run.getStatus())) {
      StatusPatcher.patch(run, update.status(), context);
    }
    // After the patch: a failed patch is retried, and its transitions are then reported once.
    events.publish(run, update, observed.progressConfigMap());
    metrics.record(run, update.status());
    return update;
  }

  /**
   * Retries of a failed pass: 1 s, 1 s, then doubling (JOSDK counts the first twice), at most
   * {@link #MAX_RETRY_INTERVAL} apart, for as long as the error lasts. A lifted quota or fixed RBAC
   * raises no event the operator watches, so only retrying finds out; JOSDK's default gives up
   * after 5 tries (about 30 s).
   */
  public static final Duration MAX_RETRY_INTERVAL = Duration.ofMinutes(5);

  public static final GenericRetry RETRY =
      new GenericRetry()
          .setInitialInterval(Duration.ofSeconds(1))
          .setIntervalMultiplier(2)
          .setMaxInterval(MAX_RETRY_INTERVAL.toMillis())
          .withoutMaxAttempts();
}
