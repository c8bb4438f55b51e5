package dev.paddock.release;

import java.time.Instant;

/** An uploaded jar, numbered per app; its bytes live in the {@link ArtifactStore} by sha256. */
public record Release(
    long id, long appId, int version, Kind kind, String sha256, long size, Instant createdAt) {

  /** How the sandbox-runner starts the jar. */
  public enum Kind {
    /** {@code Paddock-Handler} in the manifest: the runner serves HTTP and calls the handler. */
    HANDLER,
    /** {@code Main-Class} in the manifest: the app serves HTTP itself on {@code $PORT}. */
    RUNNABLE
  }
}
