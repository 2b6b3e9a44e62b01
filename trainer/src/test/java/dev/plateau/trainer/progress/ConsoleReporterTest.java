package dev.plateau.trainer.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.Monitor;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleReporterTest {

  /** An epoch under way that counts how often its loss was read from the engine. */
  static final class Epoch implements EpochUnderWay {
    final AtomicInteger lossReads = new AtomicInteger();
    double loss = 0.4213;
    double speed = 52104.4;
    double left = 61;

    @Override
    public double trainLoss() {
      lossReads.incrementAndGet();
      return loss;
    }

    @Override
    public double samplesPerSecond() {
      return speed;
    }

    @Override
    public double secondsLeft() {
      return left;
    }
  }

  static ProgressSnapshot snapshot(int epoch, int step) {
    ProgressSnapshot s = new ProgressSnapshot();
    s.setEpoch(epoch);
    s.setMaxEpochs(40);
    s.setStep(step);
    s.setStepsPerEpoch(422);
    s.setPatience(4);
    s.setMinEpochs(0);
    s.setEpochsSinceImprovement(1);
    s.setMonitor(Monitor.VAL_LOSS);
    return s;
  }

  @Test
  void theBarShowsTheRunningLossSpeedAndTheEpochsEta() {
    String bar = ConsoleReporter.barLine(snapshot(2, 211), new Epoch());

    assertThat(bar)
        .isEqualTo("epoch   3/40 [==========          ] 211/422  loss 0.4213  52104/s  ETA 1:01");
    assertThat(bar.length()).isLessThan(80);
  }

  @Test
  void beforeTheFirstBatchTheBarShowsDashes() {
    Epoch epoch = new Epoch();
    epoch.loss = Double.NaN;
    epoch.speed = Double.NaN;
    epoch.left = Double.NaN;

    assertThat(ConsoleReporter.barLine(snapshot(0, 0), epoch))
        .endsWith("0/422  loss -  -/s  ETA -");
  }

  @Test
  void theBarReadsTheLossAtMostFiveTimesASecond() {
    AtomicLong now = new AtomicLong(0);
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    ConsoleReporter reporter = new ConsoleReporter(out, out, true, true, now::get);
    Epoch epoch = new Epoch();

    // 1000 batches in one second
    for (int step = 1; step <= 1000; step++) {
      now.set(step * 1_000_000L);
      reporter.batch(snapshot(0, step % 422), epoch);
    }

    assertThat(epoch.lossReads.get()).isBetween(5, 6);
  }

  @Test
  void theEpochLineSaysWhenTheRunMayEnd() {
    ProgressSnapshot s = snapshot(5, 0);
    EpochRecord r = new EpochRecord();
    r.setEpoch(5);
    r.setTrainLoss(0.31);
    r.setValLoss(0.32);
    r.setValAccuracy(0.88);
    r.setLearningRate(0.001);
    r.setEpochSeconds(2.0);
    r.setSamplesPerSecond(25000.0);
    r.setEpochsSinceImprovement(1);
    s.setHistory(List.of(r));
    s.setEpochSeconds(2.0);

    assertThat(ConsoleReporter.line(r, s))
        .endsWith("patience 1/4  ends in 0:06 (early stop at epoch 8) to 1:10 (maxEpochs)");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0:00",
    "0.4, 0:00",
    "59.6, 1:00",
    "61, 1:01",
    "3599, 59:59",
    "3600, 1:00:00",
    "90061, 25:01:01"
  })
  void durationsReadAsAClock(double seconds, String text) {
    assertThat(ConsoleReporter.duration(seconds)).isEqualTo(text);
  }
}
