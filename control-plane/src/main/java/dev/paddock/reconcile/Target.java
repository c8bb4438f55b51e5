package dev.paddock.reconcile;

import dev.paddock.app.Limits;
import java.time.Instant;
import java.util.Map;

/**
 * An app's desired state as the reconciler reads it in one query.
 *
 * @param rollout the rollout to run, or {@code null} when the app was never deployed
 * @param liveDeploy the rollout that serves now, or {@code null}
 * @param liveSince when the live rollout went live
 * @param instances how many sandboxes serve the app side by side
 * @param crashes consecutive crashes of the app's live sandboxes
 */
record Target(
    long tenantId,
    String tenant,
    int uid,
    long appId,
    String app,
    int instances,
    Rollout rollout,
    Long liveDeploy,
    Instant liveSince,
    int crashes,
    Instant crashedAt) {

  /** The target rollout and the release it brings up. */
  record Rollout(
      long deploy,
      boolean pending,
      long release,
      int version,
      String sha256,
      boolean handler,
      Limits limits,
      Map<String, String> env,
      String healthPath) {}
}
