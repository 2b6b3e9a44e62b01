package dev.plateau.operator.dependent;

import static dev.plateau.operator.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.RunClaims;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.Mode;
import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The desired state of each object the operator makes for a run, besides the Job. */
class RunDependentsTest {

  static Stream<HasMetadata> owned() {
    TrainingRun run = run(r -> r.getSpec().getCheckpoints().setRetain(false));
    return Stream.of(
        new TrainerConfigMapDependentResource().desired(run),
        new ProgressConfigMapDependentResource().desired(run),
        new TrainerServiceAccountDependentResource().desired(run),
        new TrainerRoleDependentResource().desired(run),
        new TrainerRoleBindingDependentResource().desired(run),
        new CheckpointClaimDependentResource().desired(run),
        new TrainerJobDependentResource(dev.plateau.operator.OperatorSettings.defaults())
            .desired(run));
  }

  @ParameterizedTest
  @MethodSource("owned")
  void everyObjectIsLabelledAndOwnedByTheRun(HasMetadata object) {
    assertThat(object.getMetadata().getNamespace()).isEqualTo("ml");
    assertThat(object.getMetadata().getLabels())
        .containsEntry(RunLabels.NAME, "plateau")
        .containsEntry(RunLabels.MANAGED_BY, "plateau-operator")
        .containsEntry(RunLabels.RUN, "fashion-mlp");
    assertThat(object.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("fashion-mlp"));
    assertThat(RunLabels.toRun(object))
        .singleElement()
        .satisfies(
            id -> {
              assertThat(id.getName()).isEqualTo("fashion-mlp");
              assertThat(id.getNamespace()).contains("ml");
            });
  }

  @Test
  void configMapHoldsTheRenderedConfig() {
    TrainingRun run = run();
    var configMap = new TrainerConfigMapDependentResource().desired(run);
    assertThat(configMap.getMetadata().getName()).isEqualTo("fashion-mlp-config");
    TrainerConfig config =
        ContractJson.read(configMap.getData().get(TrainerPaths.CONFIG_KEY), TrainerConfig.class);
    assertThat(config.getTraining().maxEpochsOrDefault()).isEqualTo(30);
    assertThat(config.getEarlyStopping().getMode()).isEqualTo(Mode.MIN);
    assertThat(config.getCheckpointClaim()).isEqualTo("fashion-mlp-checkpoints");
    assertThat(RenderedConfig.of(run).hash()).hasSize(16).matches("[0-9a-f]+");
  }

  @Test
  void progressConfigMapStartsEmpty() {
    var configMap = new ProgressConfigMapDependentResource().desired(run());
    assertThat(configMap.getMetadata().getName()).isEqualTo("fashion-mlp-progress");
    assertThat(configMap.getData()).containsEntry(TrainerPaths.PROGRESS_KEY, "{}");
  }

  @Test
  void progressConfigMapIsCreateOnly() {
    assertThat(new ProgressConfigMapDependentResource())
        .isInstanceOf(io.javaoperatorsdk.operator.processing.dependent.Creator.class)
        .isNotInstanceOf(io.javaoperatorsdk.operator.processing.dependent.Updater.class);
  }

  @Test
  void roleAllowsOnlyGetAndPatchOfTheProgressConfigMap() {
    var role = new TrainerRoleDependentResource().desired(run());
    assertThat(role.getMetadata().getName()).isEqualTo("fashion-mlp-trainer");
    assertThat(role.getRules()).hasSize(1);
    PolicyRule rule = role.getRules().get(0);
    assertThat(rule.getApiGroups()).containsExactly("");
    assertThat(rule.getResources()).containsExactly("configmaps");
    assertThat(rule.getResourceNames()).containsExactly("fashion-mlp-progress");
    assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch");
  }

  @Test
  void roleBindingBindsTheTrainerServiceAccount() {
    var binding = new TrainerRoleBindingDependentResource().desired(run());
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("fashion-mlp-trainer");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo("fashion-mlp-trainer");
              assertThat(s.getNamespace()).isEqualTo("ml");
            });
  }

  @Test
  void retainedClaimHasNoOwnerButIsLabelled() {
    PersistentVolumeClaim claim = new CheckpointClaimDependentResource().desired(run());
    assertThat(claim.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(claim.getMetadata().getLabels()).containsEntry(RunLabels.RUN, "fashion-mlp");
    assertThat(claim.getMetadata().getName()).isEqualTo("fashion-mlp-checkpoints");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("1Gi"));
    assertThat(claim.getSpec().getStorageClassName()).isNull();
  }

  @Test
  void unretainedClaimIsOwnedAndUsesTheStorageClass() {
    PersistentVolumeClaim claim =
        new CheckpointClaimDependentResource()
            .desired(
                run(
                    r -> {
                      r.getSpec().getCheckpoints().setRetain(false);
                      r.getSpec().getCheckpoints().setStorageClassName("fast");
                    }));
    assertThat(claim.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
  }

  @Test
  void claimIsWantedOnlyForASize() {
    assertThat(CheckpointClaimDependentResource.wanted(run())).isTrue();
    assertThat(
            CheckpointClaimDependentResource.wanted(
                run(
                    r -> {
                      r.getSpec().getCheckpoints().setSize(null);
                      r.getSpec().getCheckpoints().setClaimName("models");
                    })))
        .isFalse();
    assertThat(RunClaims.all(run())).isEqualTo(List.of("datasets", "fashion-mlp-checkpoints"));
  }
}
