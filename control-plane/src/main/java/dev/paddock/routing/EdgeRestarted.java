package dev.paddock.routing;

import java.time.Instant;
import java.util.List;

/**
 * The edge's supervisor started httpd again, or tried: published once per restart.
 *
 * @param at when
 * @param problem what the supervisor saw: httpd gone, or not answering
 * @param pid the new httpd's parent; null when starting it failed
 * @param failure why starting it failed; null when it started
 * @param inARow how many restarts in a row, without the edge serving long between them
 * @param errorLog the last lines of httpd's error log before the restart
 */
public record EdgeRestarted(
    Instant at, String problem, Long pid, String failure, int inARow, List<String> errorLog) {

  public EdgeRestarted {
    errorLog = List.copyOf(errorLog);
  }
}
