package dev.plateau.operator;

import dev.plateau.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.function.Consumer;

/** TrainingRuns for tests: the valid run of {@code run.yaml}, renamed and edited. */
public final class TestRuns {

  public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private TestRuns() {}

  /** The valid run as a user would write it: no uid, no status. */
  public static TrainingRun manifest(String name, String namespace) {
    try (InputStream in = TestRuns.class.getResourceAsStream("/run.yaml")) {
      TrainingRun run = SERIALIZATION.unmarshal(in, TrainingRun.class);
      run.getMetadata().setName(name);
      run.getMetadata().setNamespace(namespace);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The valid run as the API server would hand it out: with a uid and generation 1. */
  public static TrainingRun run() {
    return run(r -> {});
  }

  @SafeVarargs
  public static TrainingRun run(Consumer<TrainingRun>... edits) {
    TrainingRun run = manifest("fashion-mlp", "ml");
    run.getMetadata().setUid(UUID.nameUUIDFromBytes("fashion-mlp".getBytes()).toString());
    run.getMetadata().setGeneration(1L);
    for (Consumer<TrainingRun> edit : edits) {
      edit.accept(run);
    }
    return run;
  }
}
