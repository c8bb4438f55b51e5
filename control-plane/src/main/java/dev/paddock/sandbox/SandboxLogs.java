package dev.paddock.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a sandbox wrote to stdout and stderr, as its engine keeps it. Implementations are
 * thread-safe and change nothing; a sandbox that is gone has no lines.
 */
public interface SandboxLogs {

  /** The last lines the sandbox wrote to stdout and stderr. */
  List<String> logs(Sandbox sandbox, int tail);

  /**
   * Hands every line the sandbox writes from {@code since} on to {@code sink}, as it comes; returns
   * when the sandbox stops, or soon after the calling thread is interrupted (its interrupt status
   * set). Absent is fine: it returns at once.
   */
  void follow(Sandbox sandbox, Instant since, Consumer<LogLine> sink);
}
