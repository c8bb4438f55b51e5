package dev.paddock.examples.attacker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Tries to read what belongs to the host or to other apps, to write where a sandbox must not, and
 * to change the read-only root file system. Nothing is written where a write would do harm: the
 * kernel's control files are only opened for writing.
 */
final class FileAttempts {

  /** Paths that exist in a sandbox only if the host's file system leaks in. */
  private static final List<String> HOST_PATHS = List.of("/var/lib/docker", "/host", "/root");

  private static final List<String> ROOT_DIRS = List.of("/", "/opt", "/etc", "/app");

  /** Files Docker bind-mounts into every container. */
  private static final Set<String> DOCKER_FILES =
      Set.of("/etc/hosts", "/etc/resolv.conf", "/etc/hostname");

  private FileAttempts() {}

  static List<Callable<Attempt>> all() {
    List<Callable<Attempt>> attempts = new ArrayList<>();
    attempts.add(
        () ->
            Attempt.expectFailure(
                "files: read the password hashes",
                "/etc/shadow",
                () -> "read " + Files.readAllBytes(Path.of("/etc/shadow")).length + " bytes"));
    for (String path : HOST_PATHS) {
      attempts.add(() -> readHostPath(Path.of(path)));
    }
    attempts.add(FileAttempts::listSocketParent);
    attempts.add(FileAttempts::checkMounts);
    attempts.add(
        () ->
            Attempt.expectFailure(
                "files: open the kernel's SysRq trigger for writing",
                "/proc/sysrq-trigger",
                () -> openForWriting(Path.of("/proc/sysrq-trigger"))));
    attempts.add(
        () ->
            Attempt.expectFailure(
                "files: create a file in the cgroup file system",
                "/sys/fs/cgroup",
                () -> createFile(Path.of("/sys/fs/cgroup"))));
    attempts.add(FileAttempts::raisePidsLimit);
    for (String dir : ROOT_DIRS) {
      attempts.add(
          () ->
              Attempt.expectFailure(
                  "root file system: create a file", dir, () -> createFile(Path.of(dir))));
    }
    return attempts;
  }

  /** The app's socket directory, the one host directory the sandbox is meant to see. */
  private static Path socketDir() {
    String socket = System.getenv("PADDOCK_SOCKET");
    return socket == null || socket.isBlank()
        ? Path.of("/run/paddock")
        : Path.of(socket).getParent();
  }

  /** Blocked unless the path can be read, or listed with something in it. */
  private static Attempt readHostPath(Path path) {
    String name = "files: read a host path";
    try {
      if (!Files.isDirectory(path)) {
        String detail = "read " + Files.readAllBytes(path).length + " bytes";
        return new Attempt(name, path.toString(), false, detail);
      }
      List<String> names = names(path);
      String detail = names.isEmpty() ? "exists, but empty: the image's own" : "listed " + names;
      return new Attempt(name, path.toString(), names.isEmpty(), detail);
    } catch (IOException e) {
      return new Attempt(name, path.toString(), true, Attempt.describe(e));
    }
  }

  /** Lists the parent of the socket directory: nothing but that directory may show there. */
  private static Attempt listSocketParent() {
    Path own = socketDir();
    String ownName = own.getFileName().toString();
    String name = "files: list the socket directory's parent";
    try {
      List<String> others =
          names(own.getParent()).stream().filter(n -> !n.equals(ownName)).toList();
      String detail =
          others.isEmpty()
              ? "only " + ownName + " is there, holding " + names(own)
              : "also there: " + others;
      return new Attempt(name, own.getParent().toString(), others.isEmpty(), detail);
    } catch (IOException e) {
      return new Attempt(name, own.getParent().toString(), true, Attempt.describe(e));
    }
  }

  /** Blocked when nothing is mounted but the root, /tmp, the socket directory and Docker's own. */
  private static Attempt checkMounts() {
    String name = "files: look for host mounts";
    String target = "/proc/self/mountinfo";
    try {
      List<Mount> mounts = Mount.all();
      List<Mount> unexpected = mounts.stream().filter(mount -> !expected(mount.point())).toList();
      String detail =
          unexpected.isEmpty()
              ? mounts.size() + " mounts, none unexpected"
              : "unexpected: " + unexpected;
      // A bind mount shows the host path it comes from: worth knowing what the sandbox learns.
      for (Mount mount : mounts) {
        if (mount.point().equals(socketDir().toString())) {
          detail += "; the socket directory is host path " + mount.root();
        }
      }
      return new Attempt(name, target, unexpected.isEmpty(), detail);
    } catch (IOException e) {
      return new Attempt(name, target, true, Attempt.describe(e));
    }
  }

  private static boolean expected(String point) {
    return point.equals("/")
        || point.equals("/tmp")
        || point.equals(socketDir().toString())
        || DOCKER_FILES.contains(point)
        || Stream.of("/proc", "/sys", "/dev")
            .anyMatch(dir -> point.equals(dir) || point.startsWith(dir + "/"));
  }

  /** Opens the sandbox's pids limit for writing (cgroup v2, then v1), without writing to it. */
  private static Attempt raisePidsLimit() {
    Path limit =
        Stream.of("/sys/fs/cgroup/pids.max", "/sys/fs/cgroup/pids/pids.max")
            .map(Path::of)
            .filter(Files::exists)
            .findFirst()
            .orElse(Path.of("/sys/fs/cgroup/pids.max"));
    return Attempt.expectFailure(
        "files: open the sandbox's pids limit for writing",
        limit.toString(),
        () -> openForWriting(limit));
  }

  private static String openForWriting(Path path) throws Exception {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      return "opened for writing (nothing written)";
    }
  }

  private static String createFile(Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("attacker-" + ProcessHandle.current().pid()));
    Files.delete(file);
    return "created (and deleted) " + file;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
    }
  }
}
