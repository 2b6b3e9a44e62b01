package dev.plateau.operator.dependent;

import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.v1alpha1.RunPolicy;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.OperatorSettings;
import dev.plateau.operator.OperatorVersion;
import dev.plateau.operator.status.ApiCallFailed;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.Updater;

/**
 * The run's {@code batch/v1} Job. Create-only: a Job's pod template is immutable and an operator
 * upgrade must never rewrite a live run's Job, so the only field ever changed afterwards is {@code
 * spec.suspend}, by an explicit merge patch. Not a {@code Deleter}: the workflow never deletes it
 * (the owner reference does, with the run).
 *
 * <p>Kueue: with a {@code queueName} the Job is created suspended and carries the queue label;
 * Kueue unsuspends it on admission. The operator then only ever suspends it (when the user asks),
 * never unsuspends it, so it does not fight Kueue.
 */
public class TrainerJobDependentResource extends RunDependentResource<Job>
    implements Creator<Job, TrainingRun>, Updater<Job, TrainingRun> {

  public static final String NAME = "job";
  public static final String COMPONENT = "trainer";

  /** Annotations recording what made the Job: the run's lineage is read from them. */
  public static final String OPERATOR_VERSION_ANNOTATION = "plateau.dev/operator-version";

  public static final String CONFIG_HASH_ANNOTATION = "plateau.dev/config-hash";

  private final OperatorSettings settings;

  public TrainerJobDependentResource(OperatorSettings settings) {
    super(Job.class, NAME, COMPONENT);
    this.settings = settings;
  }

  @Override
  protected String objectName(TrainingRun run) {
    return RunNames.job(run.getMetadata().getName());
  }

  @Override
  public Job desired(TrainingRun run) {
    RunPolicy policy = policy(run);
    String name = objectName(run);
    JobBuilder job =
        new JobBuilder()
            .withMetadata(RunLabels.metadata(run, name, COMPONENT))
            .editMetadata()
            .withOwnerReferences(ownerReference(run))
            .addToAnnotations(OPERATOR_VERSION_ANNOTATION, OperatorVersion.get())
            .addToAnnotations(CONFIG_HASH_ANNOTATION, RenderedConfig.of(run).hash())
            .endMetadata();
    if (queued(run)) {
      job.editMetadata().addToLabels(RunLabels.KUEUE_QUEUE, policy.getQueueName()).endMetadata();
    }
    return job.withNewSpec()
        .withSuspend(suspended(policy) || queued(run))
        .withParallelism(1)
        .withCompletions(1)
        .withBackoffLimit(policy.backoffLimitOrDefault())
        .withActiveDeadlineSeconds(policy.getActiveDeadlineSeconds())
        .withTtlSecondsAfterFinished(policy.getTtlSecondsAfterFinished())
        .withPodFailurePolicy(settings.podFailurePolicy() ? podFailurePolicy() : null)
        .withTemplate(TrainerPodTemplate.of(run, settings))
        .endSpec()
        .build();
  }

  /**
   * Fails the Job at once when the trainer says its input is invalid or its metric non-finite (a
   * retry would fail the same way), and does not count disruptions (preemption, eviction, node
   * drain) against backoffLimit: the next pod resumes from {@code last/}.
   */
  static PodFailurePolicy podFailurePolicy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(RunNames.TRAINER_CONTAINER)
        .withOperator("In")
        .withValues(ExitCodes.INVALID_INPUT, ExitCodes.NON_FINITE_METRIC)
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .build();
  }

  /**
   * Only {@code spec.suspend} is compared. Under Kueue an unsuspended Job matches whatever the run
   * says about resuming: Kueue decides when it runs.
   */
  @Override
  public Result<Job> match(Job actual, TrainingRun run, Context<TrainingRun> context) {
    return Result.computed(suspendPatch(run, actual) == null, desired(run));
  }

  /** The value to patch {@code spec.suspend} to, or null when it is as it should be. */
  public static Boolean suspendPatch(TrainingRun run, Job actual) {
    boolean isSuspended = Boolean.TRUE.equals(actual.getSpec().getSuspend());
    boolean wantSuspended = suspended(policy(run));
    if (wantSuspended && !isSuspended) {
      return true;
    }
    if (!wantSuspended && isSuspended && !queued(run)) {
      return false;
    }
    return null;
  }

  @Override
  protected Job updateObject(
      Job actual, Job desired, TrainingRun run, Context<TrainingRun> context) {
    Boolean suspend = suspendPatch(run, actual);
    if (suspend == null) {
      return actual;
    }
    String patch = "{\"spec\":{\"suspend\":" + suspend + "}}";
    try {
      // Through resource(actual): a patch by name would GET the Job first.
      return context
          .getClient()
          .resource(actual)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      throw ApiCallFailed.of(suspend ? "suspending" : "resuming", actual, e);
    }
  }

  static RunPolicy policy(TrainingRun run) {
    return run.getSpec().getRunPolicy() == null ? new RunPolicy() : run.getSpec().getRunPolicy();
  }

  static boolean suspended(RunPolicy policy) {
    return policy.suspendOrDefault();
  }

  public static boolean queued(TrainingRun run) {
    String queue = policy(run).getQueueName();
    return queue != null && !queue.isBlank();
  }
}
