package dev.plateau.trainer.loop;

import dev.plateau.trainer.checkpoint.TrainingState;

/**
 * Where the first epoch of this process starts: epoch 1 at its first batch, or the position a
 * stopped trainer saved in {@code last/}.
 *
 * @param epoch the epoch to train first (1-based)
 * @param step the batches of that epoch already done
 * @param lossSum the summed batch losses (times batch size) of those batches
 * @param samples the samples of those batches
 */
record ResumePoint(int epoch, int step, double lossSum, long samples) {

  static final ResumePoint START = new ResumePoint(1, 0, 0, 0);

  static ResumePoint after(TrainingState state) {
    return new ResumePoint(
        state.epoch() + 1, state.step(), state.trainLossSum(), state.trainSamples());
  }

  /** The start of the epoch after this one's. */
  ResumePoint next() {
    return new ResumePoint(epoch + 1, 0, 0, 0);
  }
}
