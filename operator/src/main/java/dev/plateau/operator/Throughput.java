package dev.plateau.operator;

/**
 * How much the operator does at once, sized for 1000 live runs each reporting every 5 s (200
 * progress patches a second, each answered by one status patch): see bench/RESULTS.md.
 *
 * @param maxConcurrentRequests requests to the API server in flight at most (fabric8's
 *     maxConcurrentRequests; watches not counted)
 * @param maxConcurrentRequestsPerHost the same per host, which for an operator is all of them
 *     (fabric8's default, 5, caps it at 5 / write latency: 100 writes a second at 50 ms, half of
 *     what 1000 runs need)
 * @param reconcileThreads JOSDK's reconcile threads: passes over different runs at once
 * @param workflowThreads JOSDK's workflow threads: dependents reconciled at once
 * @param reconcilesPerRunPerSecond most passes over one run in a second (JOSDK's rate limiter), so
 *     a trainer that patches its progress in a loop costs no more than this; a run's start takes
 *     about 10 in its first second (its objects appearing), which must not wait
 */
public record Throughput(
    int maxConcurrentRequests,
    int maxConcurrentRequestsPerHost,
    int reconcileThreads,
    int workflowThreads,
    int reconcilesPerRunPerSecond) {

  public static final Throughput DEFAULT = new Throughput(64, 32, 50, 50, 20);
}
