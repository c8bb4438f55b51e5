package dev.paddock.reconcile;

import dev.paddock.jvm.JvmMemory;
import dev.paddock.jvm.MemoryCalculator;
import dev.paddock.sandbox.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An app's desired state as the reconciler reads it in one query.
 *
 * @param rollout the rollout to run, or {@code null} when the app was never deployed
 * @param liveDeploy the rollout that serves now, or {@code null}
 * @param liveSince when the live rollout went live
 * @param instances how many sandboxes serve the app side by side
 * @param limits what each of them may use
 * @param generations per slot, how often it was recycled (absent: never)
 * @param requestTimeout how long the app may take to answer a request
 * @param crashes consecutive crashes of the app's live sandboxes
 * @param asleep whether the app should sleep: its requests held, no sandbox running
 */
record Target(
    long tenantId,
    String tenant,
    int uid,
    long appId,
    String app,
    int instances,
    Limits limits,
    List<Integer> generations,
    Duration requestTimeout,
    Rollout rollout,
    Long liveDeploy,
    Instant liveSince,
    int crashes,
    Instant crashedAt,
    boolean asleep) {

  int generation(int slot) {
    return slot < generations.size() && generations.get(slot) != null ? generations.get(slot) : 0;
  }

  /** How the rollout's JVMs split the app's memory limit. */
  JvmMemory memory() {
    return MemoryCalculator.size(limits.memory(), rollout.handler(), rollout.classes());
  }

  /**
   * The target rollout and the release it brings up.
   *
   * @param classes the classes in the release's jar, or null if never counted
   */
  record Rollout(
      long deploy,
      boolean pending,
      long release,
      int version,
      String sha256,
      boolean handler,
      Integer classes,
      Map<String, String> env,
      String healthPath) {}
}
