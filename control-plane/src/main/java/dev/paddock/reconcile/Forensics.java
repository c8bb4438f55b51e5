package dev.paddock.reconcile;

import dev.paddock.jvm.JvmMemory;
import dev.paddock.metrics.Samples;
import dev.paddock.sandbox.Excerpt;
import dev.paddock.units.Sizes;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words for a sandbox's death, from what the engine saw, its last log lines and readings. The log
 * lines are the tenant's: what is stored of them is an {@link Excerpt}.
 */
final class Forensics {

  /** How many of a sandbox's last log lines are read to make an excerpt of. */
  static final int TAIL = 200;

  private static final Pattern JAVA_OOM = Pattern.compile("java\\.lang\\.OutOfMemoryError: ?(.*)");
  private static final Pattern JVM_EXIT_ON_OOM =
      Pattern.compile("Terminating due to java\\.lang\\.OutOfMemoryError: ?(.*)");
  private static final String EXIT_3 = "exited with code 3";
  private static final Pattern MEMORY_KILL =
      Pattern.compile("exceeding its memory limit|OOMKilled");
  private static final double MIB = 1 << 20;

  /** The runner's own heap warnings, and what the JVM says when it runs out of memory. */
  private static final Pattern MEMORY_LINE =
      Pattern.compile("OutOfMemoryError|GC: heap after collection|GC overhead limit");

  /** How many memory lines a death's event keeps. */
  static final int MEMORY_LINES = 20;

  private Forensics() {}

  /**
   * The engine's reason, with the kind of Java OutOfMemoryError when the log names one. An exit
   * code of 3 is the JVM running out of memory only when the JVM says so itself ({@code
   * -XX:+ExitOnOutOfMemoryError}); an app may exit with 3 of its own accord.
   */
  static String cause(String reason, List<String> logs) {
    Optional<String> exit = lastMatch(JVM_EXIT_ON_OOM, logs);
    if (exit.isPresent() && (reason.equals(EXIT_3) || reason.startsWith(EXIT_3 + ":"))) {
      return "the JVM ran out of memory (OutOfMemoryError: %s, exit code 3)%s"
          .formatted(exit.get(), reason.substring(EXIT_3.length()));
    }
    return lastMatch(JAVA_OOM, logs)
        .map(kind -> "%s; OutOfMemoryError: %s".formatted(reason, kind))
        .orElse(reason);
  }

  /**
   * The cause as {@link #cause(String, List)} says it, and when the engine killed the sandbox for
   * its memory, how its JVM had split the limit: what the bounded regions could hold, so that the
   * rest is seen to be native memory beyond them.
   */
  static String cause(String reason, List<String> logs, JvmMemory memory) {
    String cause = cause(reason, logs);
    if (!MEMORY_KILL.matcher(reason).find() || !memory.fits()) {
      return cause;
    }
    return "%s; memory limit %s reached with heap max %s, metaspace max %s, code cache %s, thread stacks %s (%d × %s) and direct memory %s: the rest was native memory beyond them"
        .formatted(
            cause,
            Sizes.format(memory.limit()),
            Sizes.format(memory.heap()),
            Sizes.format(memory.metaspace()),
            Sizes.format(memory.codeCache()),
            Sizes.format(memory.threadStacks()),
            memory.threads(),
            Sizes.format(memory.stack()),
            Sizes.format(memory.direct()));
  }

  /**
   * The last of the log lines that tell of the heap filling and running out, each one stored line,
   * when the cause is a memory death (the JVM out of memory, or the engine's memory kill); none
   * otherwise.
   */
  static List<String> memoryLines(String cause, List<String> logs) {
    if (!cause.contains("OutOfMemoryError") && !MEMORY_KILL.matcher(cause).find()) {
      return List.of();
    }
    List<String> lines =
        logs.stream()
            .filter(line -> MEMORY_LINE.matcher(line).find())
            .map(line -> Excerpt.line(line, Excerpt.LINE_LENGTH))
            .toList();
    return lines.subList(Math.max(0, lines.size() - MEMORY_LINES), lines.size());
  }

  /** What the pattern's group says on the last log line it matches, cut to one stored line. */
  private static Optional<String> lastMatch(Pattern pattern, List<String> logs) {
    return logs.reversed().stream()
        .map(pattern::matcher)
        .filter(Matcher::find)
        .map(m -> Excerpt.line(m.group(1).strip(), Excerpt.LINE_LENGTH))
        .findFirst();
  }

  /** A death in words: what died, its cause, its last reading and its last log lines. */
  static String death(String what, String cause, Optional<Samples.Point> last, List<String> logs) {
    return "%s: %s%s%s"
        .formatted(what, cause, last.map(Forensics::memory).orElse(""), lastLines(logs));
  }

  /** An excerpt of the last log lines, on lines of their own after a heading; none if none. */
  static String lastLines(List<String> logs) {
    return logs.isEmpty() ? "" : "\nLast log lines:\n" + String.join("\n", Excerpt.of(logs));
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
