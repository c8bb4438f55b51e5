package dev.paddock.reconcile;

import dev.paddock.metrics.Samples;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Words for a sandbox's death, from what the engine saw, its last log lines and readings. */
final class Forensics {

  private static final Pattern JAVA_OOM = Pattern.compile("java\\.lang\\.OutOfMemoryError: ?(.*)");
  private static final double MIB = 1 << 20;

  private Forensics() {}

  /** The engine's reason, with the kind of Java OutOfMemoryError when the log names one. */
  static String cause(String reason, List<String> logs) {
    Optional<String> oom =
        logs.reversed().stream()
            .map(JAVA_OOM::matcher)
            .filter(Matcher::find)
            .map(m -> m.group(1).strip())
            .findFirst();
    return oom.map(kind -> "%s; OutOfMemoryError: %s".formatted(reason, kind)).orElse(reason);
  }

  /** A death in words: what died, its cause, its last reading and its last log lines. */
  static String death(String what, String cause, Optional<Samples.Point> last, List<String> logs) {
    return "%s: %s%s%s"
        .formatted(
            what,
            cause,
            last.map(Forensics::memory).orElse(""),
            logs.isEmpty() ? "" : "\nLast log lines:\n" + String.join("\n", logs));
  }

  /** The last reading before the death, as one line. */
  private static String memory(Samples.Point last) {
    String heap =
        last.heapAfterGcBytes() == null || last.heapMaxBytes() == null
            ? ""
            : ", heap after GC %.0f MiB of %.0f MiB"
                .formatted(last.heapAfterGcBytes() / MIB, last.heapMaxBytes() / MIB);
    return "\nLast reading (%s): memory %.0f MiB of %.0f MiB%s, %d processes"
        .formatted(
            last.at(), last.memoryBytes() / MIB, last.memoryLimitBytes() / MIB, heap, last.pids());
  }
}
