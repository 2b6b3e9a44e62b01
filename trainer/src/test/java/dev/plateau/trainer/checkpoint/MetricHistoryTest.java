package dev.plateau.trainer.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plateau.api.v1alpha1.EpochRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricHistoryTest {

  @TempDir Path runDir;

  @Test
  void appendsOneLinePerEpochThatReadsBack() throws IOException {
    MetricHistory history = MetricHistory.inRunDir(runDir);
    for (int epoch = 1; epoch <= 3; epoch++) {
      history.append(record(epoch));
    }

    Path file = runDir.resolve("metrics.jsonl");
    assertThat(history.file()).isEqualTo(file);
    assertThat(Files.readAllLines(file)).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{"));
    List<EpochRecord> records = MetricHistory.readRecords(file);
    assertThat(records).extracting(EpochRecord::getEpoch).containsExactly(1, 2, 3);
    assertThat(records.get(1).getValLoss()).isEqualTo(0.5);
    assertThat(records.get(1).getSamplesPerSecond()).isEqualTo(1000.0);
  }

  @Test
  void aMissingFileHasNoRecords() throws IOException {
    assertThat(MetricHistory.readRecords(runDir.resolve("metrics.jsonl"))).isEmpty();
  }

  @Test
  void aTornLastLineIsSkippedWhenReading() throws IOException {
    Path file = fileWithTwoRecordsAndTornTail();

    assertThat(MetricHistory.readRecords(file))
        .extracting(EpochRecord::getEpoch)
        .containsExactly(1, 2);
  }

  @Test
  void aWholeLastLineWithoutNewlineIsKept() throws IOException {
    Path file = runDir.resolve("metrics.jsonl");
    Files.writeString(file, "{\"epoch\":1}\n{\"epoch\":2}");

    assertThat(MetricHistory.readRecords(file))
        .extracting(EpochRecord::getEpoch)
        .containsExactly(1, 2);
  }

  @Test
  void theFirstAppendRemovesATornTail() throws IOException {
    Path file = fileWithTwoRecordsAndTornTail();

    MetricHistory.inRunDir(runDir).append(record(3));

    assertThat(Files.readAllLines(file)).hasSize(3);
    assertThat(MetricHistory.readRecords(file))
        .extracting(EpochRecord::getEpoch)
        .containsExactly(1, 2, 3);
  }

  @Test
  void aBrokenLineBeforeTheLastIsAnError() throws IOException {
    Path file = runDir.resolve("metrics.jsonl");
    Files.writeString(file, "{\"epoch\":1}\n{\"epo\n{\"epoch\":3}\n");

    assertThatThrownBy(() -> MetricHistory.readRecords(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 2");
  }

  @Test
  void truncateAfterKeepsTheResumedEpochsAsWritten() throws IOException {
    Path file = runDir.resolve("metrics.jsonl");
    // A newer trainer's extra field must survive the rewrite.
    Files.writeString(
        file,
        "{\"epoch\":1,\"futureField\":\"kept\"}\n{\"epoch\":2}\n{\"epoch\":3}\n{\"epoch\":4}\n"
            + "{\"epoch\":5,\"trai");

    MetricHistory.truncateAfter(file, 2);

    assertThat(Files.readString(file))
        .isEqualTo("{\"epoch\":1,\"futureField\":\"kept\"}\n{\"epoch\":2}\n");
    try (Stream<Path> files = Files.list(runDir)) {
      assertThat(files).containsExactly(file);
    }
    MetricHistory.inRunDir(runDir).append(record(3));
    assertThat(MetricHistory.readRecords(file))
        .extracting(EpochRecord::getEpoch)
        .containsExactly(1, 2, 3);
  }

  @Test
  void truncateAfterOfAMissingFileDoesNothing() throws IOException {
    MetricHistory.truncateAfter(runDir.resolve("metrics.jsonl"), 3);

    assertThat(runDir.resolve("metrics.jsonl")).doesNotExist();
  }

  @Test
  void aWriteErrorFailsTheEpochNamingTheFile() throws IOException {
    Path file = runDir.resolve("metrics.jsonl");
    Files.createDirectory(file);

    assertThatThrownBy(() -> new MetricHistory(file).append(record(1)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot write " + file + ": ");
  }

  @Test
  void aFullDiskFailsTheEpochSayingSo() {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");

    assertThatThrownBy(() -> new MetricHistory(full).append(record(1)))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot write /dev/full: No space left on device");
  }

  private Path fileWithTwoRecordsAndTornTail() throws IOException {
    MetricHistory history = MetricHistory.inRunDir(runDir);
    history.append(record(1));
    history.append(record(2));
    Path file = history.file();
    Files.writeString(file, "{\"epoch\":3,\"trainLoss\":0.4", UTF_8, StandardOpenOption.APPEND);
    return file;
  }

  private static EpochRecord record(int epoch) {
    EpochRecord record = new EpochRecord();
    record.setEpoch(epoch);
    record.setTrainLoss(1.0 / epoch);
    record.setValLoss(1.0 / epoch);
    record.setValAccuracy(0.8);
    record.setEpochSeconds(2.5);
    record.setSamplesPerSecond(1000.0);
    record.setTime("2025-01-01T00:00:0" + epoch + "Z");
    return record;
  }
}
