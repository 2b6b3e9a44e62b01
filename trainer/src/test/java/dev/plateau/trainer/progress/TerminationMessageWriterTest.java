package dev.plateau.trainer.progress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.StopReason;
import dev.plateau.api.v1alpha1.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessageWriterTest {

  @TempDir Path dir;

  @Test
  void finishedWritesTheStopReasonAndTheResult() throws IOException {
    Path log = dir.resolve("termination-log");

    new TerminationMessageWriter(log)
        .finished(result("stopped early at epoch 12"), new ProgressSnapshot());

    TerminationMessage written = ContractJson.read(Files.readString(log), TerminationMessage.class);
    assertThat(written.reason()).isEqualTo("EarlyStopped");
    assertThat(written.message()).isEqualTo("stopped early at epoch 12");
    assertThat(written.result().getBestEpoch()).isEqualTo(7);
    assertThat(written.result().getBestCheckpoint().getPath()).isEqualTo("fashion-mlp/best");
  }

  @Test
  void failedWritesTheMessageAsGiven() throws IOException {
    Path log = dir.resolve("termination-log");
    TerminationMessage message =
        new TerminationMessage(
            "InvalidInput", "train-images-idx3-ubyte.gz: wrong magic number", null);

    new TerminationMessageWriter(log).failed(message);

    assertThat(ContractJson.read(Files.readString(log), TerminationMessage.class))
        .isEqualTo(message);
  }

  @Test
  void aLongMessageIsShortenedIntoValidJsonUnderTheLimit() {
    // Characters JSON escapes (quotes, backslashes, control characters) and multi-byte ones.
    String sentence = "a \"quoted\" path C:\\data\\x, a tab\t, a NUL \u0000, é, 😀 ";
    String huge = sentence.repeat(400);

    String json =
        TerminationMessageWriter.render(new TerminationMessage("TrainerError", huge, null));

    assertThat(json.getBytes(UTF_8).length).isLessThan(TerminationMessage.MAX_BYTES);
    TerminationMessage read = ContractJson.read(json, TerminationMessage.class);
    assertThat(read.reason()).isEqualTo("TrainerError");
    assertThat(read.message()).startsWith(sentence).endsWith(" [...]");
    // Longest fit: little room is wasted.
    assertThat(json.getBytes(UTF_8).length).isGreaterThan(TerminationMessage.MAX_BYTES - 40);
  }

  @Test
  void theResultIsKeptWhenOnlyItsSentenceIsTooLong() {
    String huge = "x".repeat(10_000);

    String json =
        TerminationMessageWriter.render(
            new TerminationMessage("NonFiniteMetric", huge, result(huge)));

    assertThat(json.getBytes(UTF_8).length).isLessThan(TerminationMessage.MAX_BYTES);
    TerminationMessage read = ContractJson.read(json, TerminationMessage.class);
    assertThat(read.reason()).isEqualTo("NonFiniteMetric");
    assertThat(read.message()).startsWith("xxxx");
    assertThat(read.result().getBestEpoch()).isEqualTo(7);
    assertThat(read.result().getMessage()).isNull();
  }

  @Test
  void aMessageThatFitsIsWrittenUnchanged() {
    TerminationMessage message = new TerminationMessage("EarlyStopped", "done", result("done"));

    assertThat(TerminationMessageWriter.render(message)).isEqualTo(ContractJson.write(message));
  }

  @Test
  void anUnwritablePathIsLoggedNotThrown() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    TerminationMessageWriter writer = new TerminationMessageWriter(notADirectory.resolve("log"));

    assertThatCode(() -> writer.failed(new TerminationMessage("TrainerError", "boom", null)))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> new TerminationMessageWriter(dir).write(new TerminationMessage("A", "b", null)))
        .doesNotThrowAnyException();
  }

  private static TrainingResult result(String message) {
    TrainingResult result = new TrainingResult();
    result.setStopReason(StopReason.EarlyStopped);
    result.setEpochs(12);
    result.setBestEpoch(7);
    result.setBestMetric(0.31);
    result.setBestCheckpoint(new CheckpointRef("checkpoints", "fashion-mlp/best"));
    result.setMessage(message);
    return result;
  }
}
