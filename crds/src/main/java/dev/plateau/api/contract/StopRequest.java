package dev.plateau.api.contract;

/**
 * A request to stop training early (under {@link TrainerPaths#STOP_KEY} in the progress ConfigMap):
 * the trainer saves {@code last/}, keeps its best checkpoint, writes its result with stop reason
 * {@code Pruned} and exits 0.
 *
 * @param reason a CamelCase word, e.g. {@code Pruned}
 * @param message why, for people: goes into the result's message
 */
public record StopRequest(String reason, String message) {}
