package dev.paddock.reconcile;

import dev.paddock.app.Limits;

/**
 * An app's desired state as the reconciler reads it in one query.
 *
 * @param targetRelease the release to run, or {@code null} when none was ever deployed
 * @param liveRelease the release that serves now, or {@code null}
 */
record Target(
    long tenantId,
    String tenant,
    int uid,
    long appId,
    String app,
    Limits limits,
    int instances,
    Long targetRelease,
    Integer targetVersion,
    String targetSha256,
    Boolean targetHandler,
    Long liveRelease) {

  boolean deploying() {
    return targetRelease != null && !targetRelease.equals(liveRelease);
  }
}
