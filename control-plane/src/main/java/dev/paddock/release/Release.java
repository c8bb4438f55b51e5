package dev.paddock.release;

import java.time.Instant;
import java.util.Map;

/**
 * An immutable release: the jar (kept in the {@link ArtifactStore} by sha256) plus the env and
 * health check the app had when it was made, numbered 1, 2, 3… per app.
 *
 * @param classes the classes in the jar, nested jars included; null if it was never counted
 */
public record Release(
    long id,
    long appId,
    int version,
    Kind kind,
    String sha256,
    long size,
    Integer classes,
    Map<String, String> env,
    String healthPath,
    boolean retained,
    Instant createdAt) {

  /** How the sandbox-runner starts the jar. */
  public enum Kind {
    /** {@code Paddock-Handler} in the manifest: the runner serves HTTP and calls the handler. */
    HANDLER,
    /** {@code Main-Class} in the manifest: the app serves HTTP itself on {@code $PORT}. */
    RUNNABLE
  }
}
