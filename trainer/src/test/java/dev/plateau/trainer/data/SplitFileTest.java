package dev.plateau.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.v1alpha1.DatasetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitFileTest {

  @TempDir Path runDir;

  @Test
  void namesTheSamplesTheRunTrainsAndValidatesOn() throws IOException {
    LabeledData all = new LabeledData(new float[20], new int[20], new long[] {1});
    int[][] parts = Split.trainValidation(20, 0.25, 9);
    PreparedData data = prepared(all.select(parts[0]), all.select(parts[1]), parts);
    DatasetSpec spec = new DatasetSpec();
    spec.setValidationSplit(0.25);

    SplitFile.write(runDir, spec, data);

    SplitFile.Content content =
        ContractJson.mapper()
            .readValue(Files.readString(runDir.resolve("split.json")), SplitFile.Content.class);
    assertThat(content.train()).containsExactly(parts[0]).hasSize(15);
    assertThat(content.validation()).containsExactly(parts[1]).hasSize(5);
    assertThat(IntStream.concat(IntStream.of(content.train()), IntStream.of(content.validation())))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
    assertThat(content.validationFromOwnFile()).isFalse();
  }

  @Test
  void aValidationFileIsNamedAsSuch() throws IOException {
    LabeledData train = new LabeledData(new float[6], new int[6], new long[] {1});
    LabeledData validation = new LabeledData(new float[2], new int[2], new long[] {1});
    DatasetSpec spec = new DatasetSpec();
    spec.setValidationPath("val.csv");

    SplitFile.write(runDir, spec, prepared(train, validation, null));

    SplitFile.Content content =
        ContractJson.mapper()
            .readValue(Files.readString(runDir.resolve("split.json")), SplitFile.Content.class);
    assertThat(content.train()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(content.validation()).containsExactly(0, 1);
    assertThat(content.validationFromOwnFile()).isTrue();
  }

  private static PreparedData prepared(LabeledData train, LabeledData validation, int[][] split) {
    return new PreparedData(
        new InMemoryBatchSource(train),
        new InMemoryBatchSource(validation),
        null,
        new long[] {1},
        2,
        List.of(),
        null,
        null,
        split,
        List.of());
  }
}
