package dev.plateau.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.v1alpha1.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which metric a run's curve shows when the run has no result yet. */
class PlotCommandTest {

  @Test
  void anUnfinishedRunShowsTheMetricItsCheckpointRecords(@TempDir Path run) throws Exception {
    Files.createDirectories(run.resolve("last"));
    Files.writeString(
        run.resolve("last/state.json"),
        "{\"epoch\": 3, \"definition\": {\"earlyStopping\": {\"monitor\": \"val_accuracy\"}}}");

    assertThat(PlotCommand.monitorOf(run, null)).isEqualTo(Monitor.VAL_ACCURACY);
  }

  @Test
  void withoutACheckpointItIsValLoss(@TempDir Path run) {
    assertThat(PlotCommand.monitorOf(run, null)).isEqualTo(Monitor.VAL_LOSS);
  }
}
