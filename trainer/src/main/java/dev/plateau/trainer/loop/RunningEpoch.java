package dev.plateau.trainer.loop;

import dev.plateau.trainer.progress.EpochUnderWay;

/**
 * The epoch under way for the reporters: counters the loop sets after each batch (no engine call,
 * no allocation) and the loss read from the {@link TrainStep} only when a reporter asks.
 */
final class RunningEpoch implements EpochUnderWay {

  private final TrainStep step;
  private final int stepsPerEpoch;
  private long startedNanos;
  private int firstStep;
  private long firstSamples;
  private int done;
  private long samples;
  private long nowNanos;

  RunningEpoch(TrainStep step, int stepsPerEpoch) {
    this.step = step;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  /** The epoch (re)starts at {@code from}, with {@code samples} already trained in it. */
  void start(ResumePoint from, long startedNanos) {
    this.startedNanos = startedNanos;
    this.firstStep = from.step();
    this.firstSamples = from.samples();
    this.done = from.step();
    this.samples = from.samples();
    this.nowNanos = startedNanos;
  }

  void batchDone(int done, long samples, long nowNanos) {
    this.done = done;
    this.samples = samples;
    this.nowNanos = nowNanos;
  }

  @Override
  public double trainLoss() {
    return samples == 0 ? Double.NaN : step.lossSum() / samples;
  }

  @Override
  public double samplesPerSecond() {
    double seconds = seconds();
    return done == firstStep || seconds <= 0 ? Double.NaN : (samples - firstSamples) / seconds;
  }

  @Override
  public double secondsLeft() {
    int trained = done - firstStep;
    return trained == 0 ? Double.NaN : seconds() / trained * (stepsPerEpoch - done);
  }

  private double seconds() {
    return (nowNanos - startedNanos) / 1e9;
  }
}
