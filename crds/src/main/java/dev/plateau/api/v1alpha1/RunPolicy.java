package dev.plateau.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** How the run's Job is scheduled and retried. The only part of the spec that may change. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunPolicy {

  /** Default of {@code backoffLimit}. */
  public static final int DEFAULT_BACKOFF_LIMIT = 3;

  /** Default of {@code suspend}. */
  public static final boolean DEFAULT_SUSPEND = false;

  @Default("" + DEFAULT_BACKOFF_LIMIT)
  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "Trainer pods that may fail before the run fails with BackoffLimitExceeded. Each retry"
          + " resumes from the last checkpoint. Evictions and preemptions do not count. Invalid"
          + " input and non-finite metrics fail at once. Default "
          + DEFAULT_BACKOFF_LIMIT
          + ".")
  private Integer backoffLimit;

  @Min(1)
  @JsonPropertyDescription(
      "Fail the run with DeadlineExceeded once its Job has been active this many seconds."
          + " Default: no deadline.")
  private Long activeDeadlineSeconds;

  @Min(0)
  @JsonPropertyDescription(
      "Delete the finished Job and its pods this many seconds after the run ends; the run,"
          + " its status and the checkpoints stay. Default: keep them.")
  private Integer ttlSecondsAfterFinished;

  @Default("" + DEFAULT_SUSPEND)
  @JsonPropertyDescription(
      "true stops the trainer (it saves its last checkpoint first) and keeps the run"
          + " Suspended; false resumes it from the last checkpoint. Default "
          + DEFAULT_SUSPEND
          + ".")
  private Boolean suspend;

  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Kueue LocalQueue to admit the run through: the Job gets the kueue.x-k8s.io/queue-name"
          + " label and is created suspended for Kueue to start.")
  private String queueName;

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  /** {@code backoffLimit}, else its default. */
  public int backoffLimitOrDefault() {
    return backoffLimit == null ? DEFAULT_BACKOFF_LIMIT : backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public Integer getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  /** {@code suspend}, else its default. */
  public boolean suspendOrDefault() {
    return suspend == null ? DEFAULT_SUSPEND : suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public String getQueueName() {
    return queueName;
  }

  public void setQueueName(String queueName) {
    this.queueName = queueName;
  }
}
