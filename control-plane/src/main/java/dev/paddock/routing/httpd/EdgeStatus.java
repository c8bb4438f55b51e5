package dev.paddock.routing.httpd;

import java.time.Duration;
import java.time.Instant;

/**
 * The managed edge as its supervisor last saw it.
 *
 * @param serving whether httpd's parent is alive and the edge port answered
 * @param pid httpd's parent, when known
 * @param problem why it is not serving, or null
 * @param restarts how many times httpd was started again since the control plane started
 * @param lastRestart when it was last started again, or null
 * @param backoff how long the supervisor waits after a restart before the next one
 */
record EdgeStatus(
    boolean serving,
    Long pid,
    String problem,
    long restarts,
    Instant lastRestart,
    Duration backoff) {

  static final EdgeStatus STARTING =
      new EdgeStatus(false, null, "not looked at yet", 0, null, Duration.ZERO);

  EdgeStatus serving(long pid) {
    return new EdgeStatus(true, pid, null, restarts, lastRestart, backoff);
  }

  EdgeStatus down(String problem, Duration backoff) {
    return new EdgeStatus(false, pid, problem, restarts, lastRestart, backoff);
  }

  EdgeStatus restarted(long pid, Instant at, Duration backoff) {
    return new EdgeStatus(false, pid, "started again, not probed yet", restarts + 1, at, backoff);
  }

  EdgeStatus failed(String problem, Duration backoff) {
    return new EdgeStatus(false, null, problem, restarts, lastRestart, backoff);
  }
}
