package dev.plateau.trainer.data;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.v1alpha1.DatasetSpec;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * {@code split.json} in the run folder, for benchmarks: which samples of the dataset's training
 * file the run trains on and which it validates on, so a reference implementation uses the very
 * same samples. Indices are 0-based positions in the training file, ascending.
 */
public final class SplitFile {

  /** The file's name in the run folder. */
  public static final String NAME = "split.json";

  private SplitFile() {}

  /**
   * The content.
   *
   * @param train indices of the training samples
   * @param validation indices of the validation samples (into the training file, or into the
   *     validation file when {@code validationFromOwnFile})
   * @param validationFromOwnFile true when the dataset names its own validation file
   */
  public record Content(int[] train, int[] validation, boolean validationFromOwnFile) {}

  /** Writes the split of {@code data}, loaded from {@code spec}. */
  public static void write(Path runDir, DatasetSpec spec, PreparedData data) throws IOException {
    Content content =
        data.split() != null
            ? new Content(data.split()[0], data.split()[1], false)
            : new Content(
                IntStream.range(0, data.train().size()).toArray(),
                IntStream.range(0, data.validation().size()).toArray(),
                true);
    AtomicFiles.write(runDir.resolve(NAME), out -> ContractJson.mapper().writeValue(out, content));
  }
}
