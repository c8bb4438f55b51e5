package dev.paddock.routing;

import java.time.Instant;

/**
 * Where the edge stands with one host name's certificate.
 *
 * @param host the host name
 * @param state pending (none yet: the host is served over HTTP), active (served over HTTPS),
 *     failing (the certificate authority refused or could not be reached: over HTTP until it
 *     succeeds)
 * @param issuer who issued the active certificate
 * @param expires when the active certificate expires; it is renewed well before
 * @param error why the last attempt failed, when it did
 * @param nextTry when the next attempt is due, when one failed
 */
public record Certificate(
    String host, State state, String issuer, Instant expires, String error, Instant nextTry) {

  /** A certificate's life at the edge. */
  public enum State {
    PENDING,
    ACTIVE,
    FAILING
  }

  public static Certificate pending(String host) {
    return new Certificate(host, State.PENDING, null, null, null, null);
  }

  public static Certificate active(String host, String issuer, Instant expires) {
    return new Certificate(host, State.ACTIVE, issuer, expires, null, null);
  }

  public static Certificate failing(String host, String error, Instant nextTry) {
    return new Certificate(host, State.FAILING, null, null, error, nextTry);
  }
}
