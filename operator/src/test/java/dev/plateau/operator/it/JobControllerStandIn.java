package dev.plateau.operator.it;

import static org.awaitility.Awaitility.await;

import dev.plateau.api.contract.ExitCodes;
import dev.plateau.api.contract.RunNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Plays the Job controller and the kubelet against the mock API server, which has neither: it
 * creates a Job's pod, moves it through its states, ends it with an exit code and a termination
 * message, and gives the Job the condition the real Job controller would (Complete, or Failed by
 * the podFailurePolicy, the backoff limit or the deadline).
 *
 * <p>The end-to-end test drives it around the real trainer: {@link #startPod}, {@link #running},
 * then run {@code plateau train} in-process with {@link #trainerEnv} and the config from the {@code
 * <run>-config} ConfigMap, then {@link #finish} with the trainer's exit code and termination
 * message.
 */
public final class JobControllerStandIn {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicInteger pods = new AtomicInteger();

  public JobControllerStandIn(KubernetesClient client) {
    this(client, Clock.systemUTC());
  }

  public JobControllerStandIn(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Waits until the operator has created the Job. */
  public Job awaitJob(String namespace, String name) {
    return await().atMost(WAIT).until(() -> job(namespace, name), j -> j != null);
  }

  public Job job(String namespace, String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  /** Creates the Job's next pod, pending, and counts it active. */
  public Pod startPod(String namespace, String jobName) {
    Job job = awaitJob(namespace, jobName);
    String name = jobName + "-" + pods.incrementAndGet();
    Pod pod = client.pods().resource(TrainerPodStates.podFor(job, name, clock.instant())).create();
    editJob(job, j -> TrainerPodStates.counted(j, 1, succeeded(j), failed(j), clock.instant()));
    return pod;
  }

  /** Changes the pod's status, e.g. with {@link TrainerPodStates#unschedulable}. */
  public Pod update(Pod pod, UnaryOperator<Pod> change) {
    return client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(current -> change.apply(current));
  }

  public Pod running(Pod pod) {
    return update(pod, p -> TrainerPodStates.running(p, clock.instant()));
  }

  /**
   * The trainer exited; the pod ends and the Job reacts as the real Job controller does: Complete
   * on exit 0, Failed (PodFailurePolicy) on the FailJob exit codes 2 and 3, Failed
   * (BackoffLimitExceeded) once more pods failed than backoffLimit allows; otherwise the Job is
   * left active for the next pod.
   *
   * @param reason the kubelet's: Completed, Error or OOMKilled
   * @param terminationMessage what the trainer wrote to /dev/termination-log (or null)
   */
  public Job finish(Pod pod, int exitCode, String reason, String terminationMessage) {
    update(
        pod,
        p -> TrainerPodStates.terminated(p, exitCode, reason, terminationMessage, clock.instant()));
    Job job = jobOf(pod);
    boolean ok = exitCode == ExitCodes.FINISHED;
    Job counted =
        editJob(
            job,
            j ->
                TrainerPodStates.counted(
                    j, 0, succeeded(j) + (ok ? 1 : 0), failed(j) + (ok ? 0 : 1), clock.instant()));
    if (ok) {
      return condition(counted, "Complete", null, null);
    }
    if (exitCode == ExitCodes.INVALID_INPUT || exitCode == ExitCodes.NON_FINITE_METRIC) {
      return condition(
          counted,
          "Failed",
          "PodFailurePolicy",
          "Container trainer for pod "
              + pod.getMetadata().getName()
              + " failed with exit code "
              + exitCode
              + " matching FailJob rule at index 0");
    }
    if (failed(counted) > counted.getSpec().getBackoffLimit()) {
      return condition(
          counted, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    }
    return counted;
  }

  /** The Job ran past activeDeadlineSeconds: its pod is killed and the Job fails. */
  public Job exceedDeadline(Pod pod) {
    update(pod, p -> TrainerPodStates.terminated(p, 143, "Error", null, clock.instant()));
    Job job =
        editJob(
            jobOf(pod),
            j -> TrainerPodStates.counted(j, 0, succeeded(j), failed(j) + 1, clock.instant()));
    return condition(
        job, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
  }

  /**
   * Does what the Job controller does with {@code spec.suspend}: on true, the active pods are
   * deleted and the Job gets Suspended=True; on false, Suspended=False (the caller starts the next
   * pod).
   */
  public Job reflectSuspend(String namespace, String jobName) {
    Job job = job(namespace, jobName);
    boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
    if (suspended) {
      for (Pod pod : podsOf(job)) {
        if (!"Succeeded".equals(pod.getStatus().getPhase())
            && !"Failed".equals(pod.getStatus().getPhase())) {
          client.resource(pod).delete();
        }
      }
    }
    Job counted =
        editJob(job, j -> TrainerPodStates.counted(j, 0, succeeded(j), failed(j), clock.instant()));
    return editJob(
        counted,
        j ->
            new JobBuilder(j)
                .editStatus()
                .removeMatchingFromConditions(c -> "Suspended".equals(c.getType()))
                .addToConditions(
                    new JobConditionBuilder()
                        .withType("Suspended")
                        .withStatus(suspended ? "True" : "False")
                        .withReason(suspended ? "JobSuspended" : "JobResumed")
                        .withLastTransitionTime(clock.instant().toString())
                        .build())
                .endStatus()
                .build());
  }

  public List<Pod> podsOf(Job job) {
    return client.pods().inNamespace(job.getMetadata().getNamespace()).list().getItems().stream()
        .filter(
            p ->
                p.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> o.getUid().equals(job.getMetadata().getUid())))
        .toList();
  }

  /** The trainer container's environment, for running the trainer in-process. */
  public static Map<String, String> trainerEnv(Pod pod) {
    Map<String, String> env = new LinkedHashMap<>();
    pod.getSpec().getContainers().stream()
        .filter(c -> RunNames.TRAINER_CONTAINER.equals(c.getName()))
        .flatMap(c -> c.getEnv().stream())
        .forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  private Job jobOf(Pod pod) {
    String jobName = pod.getMetadata().getOwnerReferences().get(0).getName();
    return job(pod.getMetadata().getNamespace(), jobName);
  }

  private Job condition(Job job, String type, String reason, String message) {
    return editJob(
        job, j -> TrainerPodStates.withCondition(j, type, reason, message, clock.instant()));
  }

  private Job editJob(Job job, UnaryOperator<Job> change) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName())
        .editStatus(current -> change.apply(current));
  }

  private static int succeeded(Job job) {
    return job.getStatus() == null || job.getStatus().getSucceeded() == null
        ? 0
        : job.getStatus().getSucceeded();
  }

  private static int failed(Job job) {
    return job.getStatus() == null || job.getStatus().getFailed() == null
        ? 0
        : job.getStatus().getFailed();
  }
}
