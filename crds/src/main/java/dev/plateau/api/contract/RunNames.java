package dev.plateau.api.contract;

/** Names of the objects the operator creates for a run, derived from the run's name. */
public final class RunNames {
  /** The trainer's container in the Job's pod; its status and termination message are read. */
  public static final String TRAINER_CONTAINER = "trainer";

  private RunNames() {}

  public static String job(String run) {
    return run;
  }

  public static String configMap(String run) {
    return run + "-config";
  }

  public static String progressConfigMap(String run) {
    return run + "-progress";
  }

  public static String serviceAccount(String run) {
    return run + "-trainer";
  }

  public static String role(String run) {
    return run + "-trainer";
  }

  public static String roleBinding(String run) {
    return run + "-trainer";
  }

  public static String checkpointClaim(String run) {
    return run + "-checkpoints";
  }
}
