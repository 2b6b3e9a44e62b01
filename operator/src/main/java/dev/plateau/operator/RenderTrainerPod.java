package dev.plateau.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.v1alpha1.TrainingRun;
import dev.plateau.api.validation.CrdValidator;
import dev.plateau.api.validation.Violation;
import dev.plateau.operator.dependent.RenderedConfig;
import dev.plateau.operator.dependent.TrainerPodTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator would give a run's trainer pod, rendered offline from a manifest by the same
 * code ({@link RenderedConfig}, {@link TrainerPodTemplate}), for running an image's trainer without
 * a cluster (images/run-from-image.sh):
 *
 * <pre>java -cp 'operator/target/plateau-operator-VERSION.jar:operator/target/lib/*' \
 *   dev.plateau.operator.RenderTrainerPod MANIFEST OUT_DIR</pre>
 *
 * <p>Writes {@code config.json} (mounted at /etc/plateau/config.json in the pod), {@code args} (the
 * container's arguments, one a line), {@code env} ({@code NAME=value} lines; the run's UID is a
 * fixed placeholder) and {@code mounts} ({@code path kind readOnly} lines: kind is the claim name,
 * {@code config}, {@code emptyDir} or {@code termination-log}).
 */
public final class RenderTrainerPod {

  /** The UID the rendered run gets: there is no API server to assign one. */
  public static final String UID = "00000000-0000-0000-0000-000000000001";

  private RenderTrainerPod() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: RenderTrainerPod MANIFEST OUT_DIR");
      System.exit(2);
    }
    JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(Path.of(args[0]).toFile());
    List<Violation> violations = CrdValidator.trainingRuns().validateCreate(manifest);
    if (!violations.isEmpty()) {
      violations.forEach(v -> System.err.println(args[0] + ": " + v.forPeople()));
      System.exit(2);
    }
    TrainingRun run =
        ContractJson.mapper()
            .convertValue(CrdValidator.trainingRuns().withDefaults(manifest), TrainingRun.class);
    run.getMetadata().setUid(UID);
    if (run.getMetadata().getNamespace() == null) {
      run.getMetadata().setNamespace("default");
    }
    Path out = Files.createDirectories(Path.of(args[1]));
    Files.writeString(out.resolve("config.json"), RenderedConfig.of(run).json());
    PodTemplateSpec pod = TrainerPodTemplate.of(run, OperatorSettings.defaults());
    Container trainer = pod.getSpec().getContainers().get(0);
    Files.write(out.resolve("args"), trainer.getArgs());
    List<String> env = new ArrayList<>();
    for (EnvVar var : trainer.getEnv()) {
      if (var.getValue() != null) {
        env.add(var.getName() + "=" + var.getValue());
      }
    }
    Files.write(out.resolve("env"), env);
    List<String> mounts = new ArrayList<>();
    for (VolumeMount mount : trainer.getVolumeMounts()) {
      Volume volume =
          pod.getSpec().getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      String kind =
          volume.getPersistentVolumeClaim() != null
              ? volume.getPersistentVolumeClaim().getClaimName()
              : volume.getConfigMap() != null ? "config" : "emptyDir";
      mounts.add(
          mount.getMountPath() + " " + kind + " " + Boolean.TRUE.equals(mount.getReadOnly()));
    }
    mounts.add(trainer.getTerminationMessagePath() + " termination-log false");
    Files.write(out.resolve("mounts"), mounts);
  }
}
