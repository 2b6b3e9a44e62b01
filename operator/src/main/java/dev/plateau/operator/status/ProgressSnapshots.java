package dev.plateau.operator.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.status.EtaEstimate;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the trainer's snapshot from the progress ConfigMap and decides whether it may go into the
 * status. Anyone who can patch that ConfigMap can write anything into it, so a snapshot is bounded,
 * must name this run's UID and must not go back in epochs; non-finite numbers (which JSON and the
 * Kubernetes API cannot carry) are dropped, and a history longer than the status keeps is cut to
 * its newest entries.
 */
public final class ProgressSnapshots {

  /** Largest {@code progress.json} accepted. A full snapshot with 20 epochs is about 5 KiB. */
  public static final int MAX_BYTES = 16 * 1024;

  private ProgressSnapshots() {}

  /**
   * What the ConfigMap holds.
   *
   * @param snapshot the accepted snapshot, or null when there is none or it was rejected
   * @param rejection why the snapshot was rejected, or null
   */
  public record Reading(ProgressSnapshot snapshot, String rejection) {
    static final Reading NONE = new Reading(null, null);

    static Reading rejected(String why) {
      return new Reading(null, "progress.json ignored: " + why);
    }
  }

  /**
   * Reads and checks the snapshot; an accepted one gets the operator's {@link EtaEstimate} in place
   * of anything the trainer wrote there.
   *
   * @param minEpochs the run's {@code earlyStopping.minEpochs}, for a snapshot that lacks it
   */
  public static Reading read(
      ConfigMap configMap, String runUid, ProgressSnapshot previous, int minEpochs) {
    Map<String, String> data = configMap == null ? null : configMap.getData();
    String text = data == null ? null : data.get(TrainerPaths.PROGRESS_KEY);
    if (text == null || text.isBlank()) {
      return Reading.NONE;
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return Reading.rejected(bytes + " bytes, more than the " + MAX_BYTES + " allowed");
    }
    JsonNode tree;
    try {
      tree = ContractJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      return Reading.rejected("not JSON (" + e.getOriginalMessage() + ")");
    }
    if (!(tree instanceof ObjectNode object)) {
      return Reading.rejected("not a JSON object");
    }
    if (object.isEmpty()) {
      return Reading.NONE; // as the operator created it: the trainer has not reported yet
    }
    dropNonFinite(object);
    ProgressSnapshot snapshot;
    try {
      snapshot = ContractJson.mapper().treeToValue(object, ProgressSnapshot.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Reading.rejected("not a progress snapshot (" + e.getMessage() + ")");
    }
    if (!Objects.equals(snapshot.getRunUid(), runUid)) {
      return Reading.rejected(
          "written for run UID " + snapshot.getRunUid() + ", not this run's " + runUid);
    }
    if (snapshot.getEpoch() == null || snapshot.getEpoch() < 0) {
      return Reading.rejected("epoch missing or negative");
    }
    if (previous != null
        && previous.getEpoch() != null
        && snapshot.getEpoch() < previous.getEpoch()) {
      return Reading.rejected(
          "epoch " + snapshot.getEpoch() + " is behind the status's " + previous.getEpoch());
    }
    if (snapshot.getHistory() != null
        && snapshot.getHistory().size() > ProgressSnapshot.HISTORY_LIMIT) {
      int size = snapshot.getHistory().size();
      snapshot.setHistory(
          new ArrayList<>(
              snapshot.getHistory().subList(size - ProgressSnapshot.HISTORY_LIMIT, size)));
    }
    snapshot.setEta(EtaEstimate.of(snapshot, minEpochs));
    return new Reading(snapshot, null);
  }

  /** Removes NaN and infinite numbers, anywhere in the tree. */
  static void dropNonFinite(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        JsonNode value = it.next().getValue();
        if (value.isNumber() && !Double.isFinite(value.doubleValue())) {
          it.remove();
        } else {
          dropNonFinite(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(ProgressSnapshots::dropNonFinite);
    }
  }
}
