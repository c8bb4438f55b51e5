package dev.paddock.sandbox;

/**
 * What a running sandbox uses, as the engine measures it, and what its JVM says of itself.
 *
 * @param memoryBytes memory charged to the sandbox, page cache it could give back excluded
 * @param memoryLimitBytes the memory limit in force, as the engine reads it back
 * @param cpusLimit the CPU limit in force, in cores
 * @param pidsLimit the processes limit in force
 * @param cpuNanos CPU time used since the sandbox started
 * @param pids processes and threads in the sandbox
 * @param jvm the runner's own figures, or {@code null} when it did not answer
 */
public record Usage(
    long memoryBytes,
    long memoryLimitBytes,
    double cpusLimit,
    long pidsLimit,
    long cpuNanos,
    long pids,
    Jvm jvm) {

  /**
   * @param heapAfterGc what the heap held right after its last collection: what a leak makes grow
   * @param requests requests the runner served since it started
   * @param open connections from the edge open now (0 from a runner that does not tell)
   */
  public record Jvm(
      long heapUsed,
      long heapAfterGc,
      long heapMax,
      long threads,
      long requests,
      long uptimeMillis,
      long open) {}
}
