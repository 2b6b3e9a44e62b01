package dev.plateau.trainer.data;

import java.util.List;

/**
 * A dataset ready to train on.
 *
 * @param train the training samples
 * @param validation the samples early stopping watches
 * @param test the samples the best checkpoint is scored on at the end; null when none
 * @param sampleShape shape of one sample: {channels, height, width} or {features}
 * @param classes number of classes
 * @param classNames class names in class-number order (image folders), else null
 * @param featureMean per-feature mean subtracted from CSV features, else null
 * @param featureStd per-feature standard deviation CSV features are divided by, else null
 * @param split the indices (into the training file) of the training and validation samples when
 *     validation was split off, else null
 * @param warnings settings that run but deserve a second look, in words
 */
public record PreparedData(
    BatchSource train,
    BatchSource validation,
    BatchSource test,
    long[] sampleShape,
    int classes,
    List<String> classNames,
    float[] featureMean,
    float[] featureStd,
    int[][] split,
    List<String> warnings) {}
