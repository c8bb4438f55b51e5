package dev.paddock.sandbox.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running container's memory, CPU time and processes, and the limits in force on them, read
 * straight from its cgroup's files, which takes microseconds where a one-shot {@code docker stats}
 * takes one to two seconds and an inspect of a busy engine hundreds of milliseconds. The cgroup
 * comes from {@code /proc/<pid>/cgroup} of the container's first process, so both cgroup v1 and v2
 * and any cgroup driver are read. Empty when the files cannot be read, as when the control plane
 * runs in a container of its own: then Docker is asked.
 */
final class CgroupFiles {

  private static final Path PROC = Path.of("/proc");
  private static final Path CGROUP = Path.of("/sys/fs/cgroup");

  /**
   * What the container's cgroup says now; memory excludes page cache it could give back. {@code
   * cpus} is the CPU quota over its period (0: none), {@code pidsLimit} 0 for none.
   */
  record Reading(
      long memoryBytes,
      long memoryLimitBytes,
      long cpuNanos,
      long pids,
      double cpus,
      long pidsLimit) {}

  private CgroupFiles() {}

  /** The cgroup of the process {@code pid}, whichever container it is in. */
  static Optional<Reading> of(long pid) {
    return of(pid, "");
  }

  /**
   * The cgroup of the process {@code pid} if it is the container's: its cgroup's path names the
   * container's id (as Docker's cgroup drivers all do), so a process id the kernel gave to another
   * process after the container's ended is never read as the container.
   */
  static Optional<Reading> of(long pid, String containerId) {
    if (pid <= 0) {
      return Optional.empty();
    }
    try {
      Map<String, String> paths = paths(Files.readAllLines(PROC.resolve(pid + "/cgroup")));
      if (paths.values().stream().noneMatch(path -> path.contains(containerId))) {
        return Optional.empty();
      }
      return Optional.of(paths.containsKey("memory") ? v1(paths) : v2(paths.get("")));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /** Controller → cgroup path; the unified (v2) hierarchy under the empty name. */
  private static Map<String, String> paths(List<String> lines) {
    Map<String, String> paths = new HashMap<>();
    for (String line : lines) {
      String[] fields = line.split(":", 3);
      for (String controller : fields[1].split(",")) {
        paths.put(controller, fields[2]);
      }
    }
    return paths;
  }

  private static Reading v1(Map<String, String> paths) throws IOException {
    Path memory = dir("memory", paths.get("memory"));
    Path cpu = dir("cpu", paths.get("cpu"));
    Path pids = dir("pids", paths.get("pids"));
    return new Reading(
        number(memory.resolve("memory.usage_in_bytes"))
            - stat(memory.resolve("memory.stat"), "total_inactive_file"),
        number(memory.resolve("memory.limit_in_bytes")),
        number(dir("cpuacct", paths.get("cpuacct")).resolve("cpuacct.usage")),
        number(pids.resolve("pids.current")),
        cpus(number(cpu.resolve("cpu.cfs_quota_us")), number(cpu.resolve("cpu.cfs_period_us"))),
        limit(number(pids.resolve("pids.max"))));
  }

  private static Reading v2(String path) throws IOException {
    Path dir = dir("", path);
    String[] cpuMax = Files.readString(dir.resolve("cpu.max")).strip().split(" ");
    return new Reading(
        number(dir.resolve("memory.current")) - stat(dir.resolve("memory.stat"), "inactive_file"),
        number(dir.resolve("memory.max")),
        stat(dir.resolve("cpu.stat"), "usage_usec") * 1000,
        number(dir.resolve("pids.current")),
        cpus(cpuMax[0].equals("max") ? -1 : Long.parseLong(cpuMax[0]), Long.parseLong(cpuMax[1])),
        limit(number(dir.resolve("pids.max"))));
  }

  /** A quota over a period, in microseconds; none (negative): 0. */
  private static double cpus(long quota, long period) {
    return quota <= 0 || period <= 0 ? 0 : (double) quota / period;
  }

  private static long limit(long max) {
    return max == Long.MAX_VALUE ? 0 : max;
  }

  private static Path dir(String controller, String path) {
    return CGROUP.resolve(controller).resolve(path.substring(1));
  }

  /** A file holding one number; {@code max} (no limit) reads as the largest long. */
  private static long number(Path file) throws IOException {
    String text = Files.readString(file).strip();
    return text.equals("max") ? Long.MAX_VALUE : Long.parseLong(text);
  }

  /**
   * One {@code key value} line of a stat file, found in its text: hundreds of sandboxes are read
   * every few seconds, and lines would be dozens of strings each time to keep one.
   */
  static long stat(Path file, String key) throws IOException {
    String text = Files.readString(file);
    String prefix = key + " ";
    int line = text.startsWith(prefix) ? 0 : text.indexOf("\n" + prefix) + 1;
    if (line == 0 && !text.startsWith(prefix)) {
      throw new IOException("No " + key + " in " + file);
    }
    int start = line + prefix.length();
    int end = text.indexOf('\n', start);
    return Long.parseLong(text.substring(start, end < 0 ? text.length() : end).strip());
  }
}
