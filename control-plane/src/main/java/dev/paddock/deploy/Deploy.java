package dev.paddock.deploy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/** A request to make a release live, and how it ended. */
public record Deploy(
    long id,
    long appId,
    int release,
    Status status,
    String error,
    Instant createdAt,
    Instant updatedAt) {

  /** Where a deploy stands. */
  public enum Status {
    /** Accepted; the reconciler is bringing the release up. */
    PENDING,
    /** The release serves. */
    LIVE,
    /** The release never became healthy; the previous one kept serving. */
    FAILED,
    /** A newer deploy of the same app replaced this one before it finished. */
    SUPERSEDED;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
