package dev.paddock.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The JVM's own diagnostic commands, run in this JVM through the {@code DiagnosticCommand} MBean
 * (no attach, no other process): a thread dump, a class histogram of the live heap, the native
 * memory summary, and a flight recording of a few seconds. Every answer is bounded: text is cut,
 * one recording runs at a time, and a recording's file is capped and removed once read.
 * Thread-safe.
 */
final class Diagnostics {

  /** The most of a thread dump sent; a few thousand threads fit. */
  static final int THREADS_LIMIT = 4 << 20;

  /** The most of a native memory summary sent: it takes a few KiB. */
  static final int NATIVE_MEMORY_LIMIT = 256 << 10;

  /** How many classes of the histogram are sent, the largest by bytes first. */
  static final int HISTOGRAM_ROWS = 200;

  /** The longest recording. */
  static final int MAX_SECONDS = 120;

  /** What a recording may keep on the sandbox's {@code /tmp}, a small tmpfs. */
  static final String RECORDING_MAX_SIZE = "16m";

  private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";
  private static final String[] ARGS = {String[].class.getName()};

  private final Semaphore recording = new Semaphore(1);
  private final AtomicLong recordings = new AtomicLong();
  private final Path directory;

  Diagnostics(Path directory) {
    this.directory = directory;
  }

  /** Every platform thread's stack, with the locks it holds, cut at {@link #THREADS_LIMIT}. */
  String threads() throws JMException {
    return cut(run("threadPrint", "-l"), THREADS_LIMIT);
  }

  /**
   * What the JVM's native memory tracking counts, by category, as {@code jcmd VM.native_memory
   * summary} prints it; the JVM says it is not enabled when started without {@code
   * -XX:NativeMemoryTracking}.
   */
  String nativeMemory() throws JMException {
    return cut(run("vmNativeMemory", "summary"), NATIVE_MEMORY_LIMIT);
  }

  /**
   * The live heap's classes as the JVM prints them (after a full collection), its header, its
   * {@link #HISTOGRAM_ROWS} largest rows and its total line.
   */
  String histogram() throws JMException {
    return topRows(run("gcClassHistogram"), HISTOGRAM_ROWS);
  }

  /**
   * Records for {@code seconds} with the JVM's default settings into a file under the directory,
   * and returns it; the caller deletes it.
   *
   * @throws IllegalArgumentException when {@code seconds} is out of range
   * @throws IllegalStateException when a recording runs already
   */
  Path record(int seconds) throws JMException, IOException, InterruptedException {
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException(
          "seconds must be between 1 and %d, got %d".formatted(MAX_SECONDS, seconds));
    }
    if (!recording.tryAcquire()) {
      throw new IllegalStateException("a recording runs already: one at a time");
    }
    try {
      Files.createDirectories(directory);
      clear();
      String name = "paddock-" + recordings.incrementAndGet();
      Path file = directory.resolve(name + ".jfr");
      // The duration is a safety net: were this thread to die, the JVM still ends the recording
      // (into the file, which the next recording clears away).
      run(
          "jfrStart",
          "name=" + name,
          "maxsize=" + RECORDING_MAX_SIZE,
          "duration=" + (seconds + 30) + "s",
          "filename=" + file);
      try {
        Thread.sleep(Duration.ofSeconds(seconds));
      } finally {
        run("jfrStop", "name=" + name);
      }
      return file;
    } finally {
      recording.release();
    }
  }

  /** Removes what an earlier recording left: one runs at a time, so none is in use. */
  private void clear() throws IOException {
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static String run(String command, String... args) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Object out = server.invoke(new ObjectName(MBEAN), command, new Object[] {args}, ARGS);
    return out == null ? "" : out.toString();
  }

  static String cut(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    return text.substring(0, limit) + "\n[cut at " + limit + " characters]\n";
  }

  /**
   * The histogram's lines before its first row, its first {@code rows} rows and its {@code Total}
   * line: the JVM sorts rows by bytes, largest first.
   */
  static String topRows(String histogram, int rows) {
    StringBuilder kept = new StringBuilder();
    int seen = 0;
    for (String line : histogram.split("\n")) {
      boolean row = line.matches("\\s*\\d+:.*");
      if (row) {
        seen++;
      }
      if (!row || seen <= rows) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }
}
