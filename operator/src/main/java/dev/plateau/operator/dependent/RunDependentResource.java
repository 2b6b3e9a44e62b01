package dev.plateau.operator.dependent;

import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.status.ApiCallFailed;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/**
 * What every object the operator makes for a run has in common: a label-selected informer of its
 * own component, mapping back to the run by the run label, and owner references written by {@code
 * desired()} itself (so the unit tests see them, and a retained PVC can go without one).
 */
public abstract class RunDependentResource<R extends HasMetadata>
    extends KubernetesDependentResource<R, TrainingRun> implements SecondaryToPrimaryMapper<R> {

  private final String component;

  /**
   * @param name the dependent's name in the workflow
   * @param component the value of {@link RunLabels#COMPONENT} its objects carry
   */
  protected RunDependentResource(Class<R> type, String name, String component) {
    super(type, name);
    this.component = component;
  }

  /** The object as it should be for {@code run}: a pure function of the run. */
  public abstract R desired(TrainingRun run);

  /** The name of the run's object, e.g. {@code <run>-config}. */
  protected abstract String objectName(TrainingRun run);

  /** Found by name, without rendering the whole desired object (the Job's is not cheap). */
  @Override
  protected ResourceID targetSecondaryResourceID(TrainingRun run, Context<TrainingRun> context) {
    return new ResourceID(objectName(run), run.getMetadata().getNamespace());
  }

  @Override
  protected final R desired(TrainingRun run, Context<TrainingRun> context) {
    return desired(run);
  }

  /** Creates the object; a refused call names itself ({@link ApiCallFailed}). */
  @Override
  public R create(R desired, TrainingRun run, Context<TrainingRun> context) {
    try {
      return super.create(desired, run, context);
    } catch (KubernetesClientException e) {
      throw ApiCallFailed.of("creating", desired, e);
    }
  }

  /** Updates the object through {@link #updateObject}; a refused call names itself. */
  @Override
  public final R update(R actual, R desired, TrainingRun run, Context<TrainingRun> context) {
    try {
      return updateObject(actual, desired, run, context);
    } catch (KubernetesClientException e) {
      throw ApiCallFailed.of("updating", actual, e);
    }
  }

  /** How the object is updated: by default JOSDK's (server-side apply, or an update). */
  protected R updateObject(R actual, R desired, TrainingRun run, Context<TrainingRun> context) {
    return super.update(actual, desired, run, context);
  }

  @Override
  protected void handleDelete(TrainingRun run, R secondary, Context<TrainingRun> context) {
    try {
      super.handleDelete(run, secondary, context);
    } catch (KubernetesClientException e) {
      throw ApiCallFailed.of("deleting", secondary, e);
    }
  }

  public String component() {
    return component;
  }

  @Override
  public Set<ResourceID> toPrimaryResourceIDs(R resource) {
    return RunLabels.toRun(resource);
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<TrainingRun> context) {
    return super.informerConfigurationBuilder(context)
        .withLabelSelector(RunLabels.selector(component));
  }

  @Override
  protected void addReferenceHandlingMetadata(R desired, TrainingRun primary) {
    // desired() sets the owner reference (or, for a retained PVC, deliberately does not).
  }

  /** The run as the controlling owner: Kubernetes deletes the object with the run. */
  public static OwnerReference ownerReference(TrainingRun run) {
    return new OwnerReferenceBuilder()
        .withApiVersion(run.getApiVersion())
        .withKind(run.getKind())
        .withName(run.getMetadata().getName())
        .withUid(run.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
