package dev.plateau.operator.status;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.RunNames;
import dev.plateau.api.contract.TerminationMessage;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How the trainer container of one pod ended, with its termination message: the trainer's JSON
 * {@link TerminationMessage}, or (with FallbackToLogsOnError, when it died before writing one) the
 * tail of its log.
 *
 * @param exitCode the container's exit code
 * @param reason the kubelet's reason, e.g. Completed, Error, OOMKilled
 * @param parsed the trainer's termination message, or null when the text is not one
 * @param rawMessage the termination message as the kubelet keeps it, or null
 * @param finishedAt when the container ended (RFC 3339), or null
 */
public record TrainerTermination(
    int exitCode, String reason, TerminationMessage parsed, String rawMessage, String finishedAt) {

  /** Longest message copied from a termination message into a condition. */
  static final int MAX_MESSAGE = 512;

  static Optional<TrainerTermination> of(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> RunNames.TRAINER_CONTAINER.equals(c.getName()))
        .map(TrainerTermination::terminated)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The trainer's most recent ending among the pods, if any pod's trainer has ended. */
  static Optional<TrainerTermination> latest(List<Pod> pods) {
    return pods.stream()
        .map(TrainerTermination::of)
        .flatMap(Optional::stream)
        .max(Comparator.comparing(TrainerTermination::finishedAt, Times.ORDER));
  }

  private static Optional<TrainerTermination> terminated(ContainerStatus status) {
    ContainerStateTerminated terminated =
        status.getState() == null ? null : status.getState().getTerminated();
    if (terminated == null) {
      return Optional.empty();
    }
    String raw = terminated.getMessage();
    return Optional.of(
        new TrainerTermination(
            terminated.getExitCode() == null ? -1 : terminated.getExitCode(),
            terminated.getReason(),
            parse(raw),
            raw,
            terminated.getFinishedAt()));
  }

  private static TerminationMessage parse(String raw) {
    if (raw == null || !raw.trim().startsWith("{")) {
      return null;
    }
    try {
      return ContractJson.read(raw, TerminationMessage.class);
    } catch (IllegalArgumentException e) {
      // The log tail of a crash can look like JSON; then it is shown as text.
      return null;
    }
  }

  public boolean oomKilled() {
    return "OOMKilled".equals(reason);
  }

  /** A sentence for a condition: the trainer's own message, else its log tail, else empty. */
  public String message() {
    String text = parsed != null && parsed.message() != null ? parsed.message() : rawMessage;
    if (text == null) {
      return "";
    }
    text = text.strip();
    return text.length() <= MAX_MESSAGE
        ? text
        : "..." + text.substring(text.length() - MAX_MESSAGE);
  }
}
