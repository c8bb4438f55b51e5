package dev.paddock.deploy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One rollout of an app and how it went, step by step.
 *
 * @param release the release version it brings up
 * @param reason why it was made, when not asked for by a caller (an automatic rollback)
 */
public record Deploy(
    long id,
    int release,
    Kind kind,
    Status status,
    String reason,
    String error,
    List<Step> steps,
    Instant createdAt,
    Instant updatedAt) {

  /** What asked for the rollout. */
  public enum Kind {
    DEPLOY,
    RESTART,
    ROLLBACK;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where a rollout stands. */
  public enum Status {
    /** Accepted; the reconciler is bringing its sandboxes up. */
    PENDING,
    /** Its sandboxes serve (or served, until a later rollout replaced them). */
    LIVE,
    /** Its sandboxes never became healthy; the previous ones kept serving. */
    FAILED;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One step of a rollout: {@code uploaded, starting, healthy, switching, live} or {@code failed}.
   */
  public record Step(String step, String detail, Instant at) {}

  public boolean finished() {
    return status != Status.PENDING;
  }
}
