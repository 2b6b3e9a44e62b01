package dev.plateau.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.ConditionTypes;
import dev.plateau.api.status.Phase;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.operator.OperatorVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's life on the mock cluster: created, suspended, resumed, deleted; and invalid specs. */
class TrainingRunLifecycleIT extends OperatorIT {

  @Test
  void createMakesEveryObjectAndAcceptsTheRun() {
    TrainingRun run = createWithClaims(manifest("fashion-mlp"));
    String uid = run.getMetadata().getUid();

    TrainingRun accepted =
        awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "False/JobCreated");
    assertThat(condition(accepted, ConditionTypes.ACCEPTED)).isEqualTo("True/SpecValid");
    assertThat(condition(accepted, ConditionTypes.COMPLETE)).isEqualTo("Unknown/Unknown");
    assertThat(condition(accepted, ConditionTypes.FAILED)).isEqualTo("Unknown/Unknown");
    assertThat(condition(accepted, ConditionTypes.SUSPENDED)).isEqualTo("False/NotSuspended");
    assertThat(accepted.getStatus().getPhase()).isEqualTo(Phase.Pending);
    assertThat(accepted.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(accepted.getStatus().getJobName()).isEqualTo("fashion-mlp");
    assertThat(accepted.getStatus().getAttempt()).isEqualTo(1);
    assertThat(accepted.getStatus().getLineage().getOperatorVersion())
        .isEqualTo(OperatorVersion.get());
    assertThat(accepted.getStatus().getLineage().getConfigHash()).hasSize(16);

    ConfigMap config = get(ConfigMap.class, "fashion-mlp-config");
    TrainerConfig rendered =
        ContractJson.read(config.getData().get(TrainerPaths.CONFIG_KEY), TrainerConfig.class);
    assertThat(rendered.getTraining().maxEpochsOrDefault()).isEqualTo(30);
    assertThat(get(ConfigMap.class, "fashion-mlp-progress").getData())
        .containsEntry(TrainerPaths.PROGRESS_KEY, "{}");
    assertThat(get(ServiceAccount.class, "fashion-mlp-trainer")).isNotNull();
    Role role = get(Role.class, "fashion-mlp-trainer");
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResourceNames()).containsExactly("fashion-mlp-progress");
              assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch");
            });
    RoleBinding binding = get(RoleBinding.class, "fashion-mlp-trainer");
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo("fashion-mlp-trainer");
    PersistentVolumeClaim claim = get(PersistentVolumeClaim.class, "fashion-mlp-checkpoints");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("1Gi"));
    Job job = get(Job.class, "fashion-mlp");
    assertThat(job.getSpec().getSuspend()).isFalse();
    assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("fashion-mlp-trainer");

    for (HasMetadata owned :
        List.of(config, get(ConfigMap.class, "fashion-mlp-progress"), role, binding, job)) {
      assertThat(owned.getMetadata().getOwnerReferences())
          .as(owned.getKind() + " " + owned.getMetadata().getName())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
      assertThat(owned.getMetadata().getLabels()).containsEntry("plateau.dev/run", "fashion-mlp");
    }
    // retain defaults to true: the checkpoints outlive the run.
    assertThat(claim.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(claim.getMetadata().getLabels()).containsEntry("plateau.dev/run", "fashion-mlp");

    // Events are recorded just after the status patch.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events("fashion-mlp"))
                    .extracting(e -> e.getReason())
                    .contains("SpecValid", "JobCreated"));
  }

  @Test
  void handEditedConfigIsRestoredButTheProgressIsNot() {
    createWithClaims(manifest("fashion-mlp"));
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "False/JobCreated");
    String rendered =
        get(ConfigMap.class, "fashion-mlp-config").getData().get(TrainerPaths.CONFIG_KEY);
    client
        .configMaps()
        .inNamespace(namespace)
        .withName("fashion-mlp-config")
        .edit(
            cm -> {
              cm.getData().put(TrainerPaths.CONFIG_KEY, "{}");
              return cm;
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                rendered.equals(
                    get(ConfigMap.class, "fashion-mlp-config")
                        .getData()
                        .get(TrainerPaths.CONFIG_KEY)));
    // The progress ConfigMap is the trainer's: whatever it holds stays.
    client
        .configMaps()
        .inNamespace(namespace)
        .withName("fashion-mlp-progress")
        .edit(
            cm -> {
              cm.getData().put("note", "mine");
              return cm;
            });
    edit("fashion-mlp", r -> r.getSpec().getRunPolicy().setBackoffLimit(4));
    awaitRun("fashion-mlp", r -> r.getStatus().getObservedGeneration() == 2L);
    assertThat(get(ConfigMap.class, "fashion-mlp-progress").getData())
        .containsEntry("note", "mine");
  }

  @Test
  void podStartsAndTrains() {
    createWithClaims(manifest("fashion-mlp"));
    Pod pod = jobs.startPod(namespace, "fashion-mlp");
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "False/Pending");
    jobs.running(pod);
    TrainingRun training = awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "True/Training");
    assertThat(training.getStatus().getPhase()).isEqualTo(Phase.Running);
    assertThat(training.getStatus().getStartTime()).isNotNull();
  }

  @Test
  void suspendAndResume() {
    createWithClaims(manifest("fashion-mlp"));
    Pod pod = jobs.startPod(namespace, "fashion-mlp");
    jobs.running(pod);
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "True/Training");

    edit("fashion-mlp", r -> r.getSpec().getRunPolicy().setSuspend(true));
    await()
        .atMost(WAIT)
        .until(() -> Boolean.TRUE.equals(get(Job.class, "fashion-mlp").getSpec().getSuspend()));
    jobs.reflectSuspend(namespace, "fashion-mlp");
    TrainingRun suspended =
        awaitCondition("fashion-mlp", ConditionTypes.SUSPENDED, "True/Suspended");
    awaitRun("fashion-mlp", r -> r.getStatus().getPhase() == Phase.Suspended);
    assertThat(suspended.getStatus().getObservedGeneration()).isEqualTo(2L);

    edit("fashion-mlp", r -> r.getSpec().getRunPolicy().setSuspend(false));
    await()
        .atMost(WAIT)
        .until(() -> Boolean.FALSE.equals(get(Job.class, "fashion-mlp").getSpec().getSuspend()));
    jobs.reflectSuspend(namespace, "fashion-mlp");
    awaitCondition("fashion-mlp", ConditionTypes.SUSPENDED, "False/NotSuspended");
    jobs.running(jobs.startPod(namespace, "fashion-mlp"));
    TrainingRun resumed = awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "True/Training");
    assertThat(resumed.getStatus().getPhase()).isEqualTo(Phase.Running);
    // A suspension deletes the pod without failing it: still the first attempt.
    assertThat(resumed.getStatus().getAttempt()).isEqualTo(1);
    assertThat(client.batch().v1().jobs().inNamespace(namespace).list().getItems()).hasSize(1);
  }

  @Test
  void kueueRunIsCreatedSuspendedAndLeftToKueue() {
    TrainingRun run = manifest("queued");
    run.getSpec().getRunPolicy().setQueueName("team-a");
    createWithClaims(run);
    awaitCondition("queued", ConditionTypes.RUNNING, "False/Queued");
    Job job = get(Job.class, "queued");
    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a");

    // Kueue admits the Job by unsuspending it; the operator does not suspend it again.
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName("queued")
        .edit(
            j -> {
              j.getSpec().setSuspend(false);
              return j;
            });
    jobs.running(jobs.startPod(namespace, "queued"));
    awaitCondition("queued", ConditionTypes.RUNNING, "True/Training");
    assertThat(get(Job.class, "queued").getSpec().getSuspend()).isFalse();
  }

  @Test
  void deleteLeavesOnlyTheRetainedClaim() {
    TrainingRun run = createWithClaims(manifest("fashion-mlp"));
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "False/JobCreated");
    await().atMost(WAIT).until(() -> operator.metrics().tracks(namespace, "fashion-mlp"));

    client.resource(run).delete();
    // The mock server has no garbage collector: collect what the owner references point at.
    MockGarbageCollector.collect(client, namespace);

    assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.serviceAccounts().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.rbac().roles().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.rbac().roleBindings().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.persistentVolumeClaims().inNamespace(namespace).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("datasets", "fashion-mlp-checkpoints");
    // The operator forgets the run and recreates nothing.
    await().atMost(WAIT).until(() -> !operator.metrics().tracks(namespace, "fashion-mlp"));
    assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
  }

  @Test
  void unretainedClaimIsOwnedByTheRun() {
    TrainingRun run = manifest("scratch");
    run.getSpec().getCheckpoints().setRetain(false);
    run = createWithClaims(run);
    awaitCondition("scratch", ConditionTypes.RUNNING, "False/JobCreated");
    String uid = run.getMetadata().getUid();
    assertThat(
            get(PersistentVolumeClaim.class, "scratch-checkpoints")
                .getMetadata()
                .getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
    client.resource(run).delete();
    MockGarbageCollector.collect(client, namespace);
    assertThat(client.persistentVolumeClaims().inNamespace(namespace).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("datasets");
  }

  @Test
  void invalidSpecFailsAndCreatesNothing() {
    TrainingRun run = manifest("greedy");
    run.getSpec().getResources().getRequests().setCpu(new Quantity("8"));
    createWithClaims(run);
    TrainingRun failed = awaitCondition("greedy", ConditionTypes.FAILED, "True/InvalidSpec");
    assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(failed, ConditionTypes.ACCEPTED)).isEqualTo("False/InvalidSpec");
    assertThat(conditionOf(failed, ConditionTypes.FAILED).getMessage())
        .contains("spec.resources.requests.cpu");
    // Events are recorded just after the status patch.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events("greedy"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("InvalidSpec");
                        }));
    assertThat(client.batch().v1().jobs().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();

    // resources may change: fixed, the run is accepted and gets its Job.
    edit("greedy", r -> r.getSpec().getResources().getRequests().setCpu(new Quantity("1")));
    awaitCondition("greedy", ConditionTypes.RUNNING, "False/JobCreated");
    assertThat(condition(get("greedy"), ConditionTypes.FAILED)).isEqualTo("Unknown/Unknown");
  }

  @Test
  void missingDatasetClaimHoldsTheRunUntilItAppears() {
    create(manifest("fashion-mlp"));
    jobs.startPod(namespace, "fashion-mlp");
    TrainingRun held = awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "False/ClaimNotFound");
    assertThat(conditionOf(held, ConditionTypes.RUNNING).getMessage()).contains("datasets");
    assertThat(held.getStatus().getPhase()).isEqualTo(Phase.Pending);
    client.resource(MockGarbageCollector.claim(namespace, "datasets")).create();
    awaitCondition("fashion-mlp", ConditionTypes.RUNNING, "False/Pending");
  }

  @Test
  void oneNameInTwoNamespaces() {
    String other = namespace + "-b";
    TrainingRun first = createWithClaims(manifest("twin"));
    client.resource(MockGarbageCollector.claim(other, "datasets")).create();
    TrainingRun second =
        client.resource(dev.plateau.operator.TestRuns.manifest("twin", other)).create();
    awaitCondition("twin", ConditionTypes.RUNNING, "False/JobCreated");
    await()
        .atMost(WAIT)
        .until(() -> client.batch().v1().jobs().inNamespace(other).withName("twin").get() != null);
    Job firstJob = get(Job.class, "twin");
    Job secondJob = client.batch().v1().jobs().inNamespace(other).withName("twin").get();
    assertThat(firstJob.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(first.getMetadata().getUid());
    assertThat(secondJob.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(second.getMetadata().getUid());

    // Failing one leaves the other alone.
    Pod pod = jobs.startPod(other, "twin");
    jobs.finish(pod, 2, "Error", "bad data");
    await()
        .atMost(WAIT)
        .until(
            () ->
                "True/InvalidInput"
                    .equals(
                        condition(
                            client
                                .resources(TrainingRun.class)
                                .inNamespace(other)
                                .withName("twin")
                                .get(),
                            ConditionTypes.FAILED)));
    assertThat(condition(get("twin"), ConditionTypes.FAILED)).isEqualTo("Unknown/Unknown");
  }
}
