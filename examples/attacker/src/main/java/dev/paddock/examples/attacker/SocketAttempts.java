package dev.paddock.examples.attacker;

import dev.paddock.handler.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Attacks through the one host directory a sandbox can write, its socket directory: names there
 * that the edge or the control plane might follow to a host socket, links to files elsewhere, and
 * its size. Whether the edge followed a planted name only the caller can tell, so those are
 * reported as planted, not judged.
 */
final class SocketAttempts {

  /**
   * Names the edge proxies to, or the control plane stages sockets at, in the old and new layouts.
   */
  private static final List<String> LINKED = List.of("slot-0.sock", "slot-1.sock", ".stage-0.sock");

  private static final List<String> FIFOS = List.of("slot-2.sock", ".stage-1.sock");

  /** Far beyond a bounded socket directory, short of harming a host where it is not bounded. */
  private static final long MAX_BYTES = 64L << 20;

  private static final int MAX_FILES = 20_000;

  private SocketAttempts() {}

  /**
   * Plants links to {@code canary}, a host socket the caller listens on, and FIFOs at the names the
   * edge might proxy to, then tries what must fail; answers like {@code /attack}, with {@code
   * planted}.
   */
  static Response plant(String canary) {
    Path dir = dir();
    List<String> planted = new ArrayList<>();
    List<Attempt> attempts = new ArrayList<>();
    for (String name : LINKED) {
      try {
        replaceWithLink(dir.resolve(name), Path.of(canary));
        planted.add(name + " -> " + canary);
      } catch (IOException e) {
        planted.add(name + ": " + Attempt.describe(e));
      }
    }
    for (String name : FIFOS) {
      try {
        Files.deleteIfExists(dir.resolve(name));
        mkfifo(dir.resolve(name));
        planted.add(name + ": FIFO");
      } catch (Throwable e) {
        planted.add(name + ": " + Attempt.describe(e));
      }
    }
    attempts.add(
        Attempt.expectFailure(
            "socket dir: hard-link a file from outside it",
            "/etc/passwd",
            () -> link(dir.resolve("slot-3.sock"), Path.of("/etc/passwd"))));
    attempts.add(
        Attempt.expectFailure(
            "socket dir: hard-link a file from /tmp",
            "/tmp",
            () -> link(dir.resolve("slot-4.sock"), Files.createTempFile("attacker-", ".sock"))));
    attempts.add(
        Attempt.expectFailure(
            "socket dir: move the directory itself",
            dir.toString(),
            () -> "moved to " + Files.move(dir, dir.resolveSibling("paddock-moved"))));
    attempts.add(
        Attempt.expectFailure(
            "socket dir: plant a link beside it",
            dir.resolveSibling("slot-0.sock").toString(),
            () -> "linked " + Files.createSymbolicLink(dir.resolveSibling("slot-0.sock"), dir)));
    long blocked = attempts.stream().filter(Attempt::blocked).count();
    return Json.response(
        "{\"tried\": %d, \"blocked\": %d, \"planted\": [%s], \"attempts\": [\n%s\n]}\n"
            .formatted(
                attempts.size(),
                blocked,
                planted.stream().map(Json::string).collect(Collectors.joining(", ")),
                attempts.stream().map(Attempt::toJson).collect(Collectors.joining(",\n"))));
  }

  /**
   * Writes 1 MiB chunks into the socket directory until it is full, then empty files until no more
   * can be made; deletes them all and answers how far it got.
   */
  static Response fill() throws IOException {
    Path dir = dir();
    Path file = dir.resolve("fill");
    byte[] chunk = new byte[1 << 16];
    long bytes = 0;
    String stoppedBy = "the attack's own cap of " + MAX_BYTES + " bytes";
    try (OutputStream out = Files.newOutputStream(file)) {
      while (bytes < MAX_BYTES) {
        out.write(chunk);
        bytes += chunk.length;
      }
    } catch (IOException full) {
      stoppedBy = Attempt.describe(full);
    }
    bytes = Files.size(file);
    Files.deleteIfExists(file);
    int files = 0;
    String filesStoppedBy = "the attack's own cap of " + MAX_FILES + " files";
    try {
      while (files < MAX_FILES) {
        Files.createFile(dir.resolve("f" + files));
        files++;
      }
    } catch (IOException full) {
      filesStoppedBy = Attempt.describe(full);
    }
    for (int i = 0; i < files; i++) {
      Files.deleteIfExists(dir.resolve("f" + i));
    }
    System.err.printf("Socket directory: %d bytes, %d files%n", bytes, files);
    return Json.response(
        "{\"bytes\": %d, \"stoppedBy\": %s, \"files\": %d, \"filesStoppedBy\": %s}\n"
            .formatted(bytes, Json.string(stoppedBy), files, Json.string(filesStoppedBy)));
  }

  /**
   * Takes the socket directory's search permission away from everyone else, where the sandbox owns
   * it; answers what happened.
   */
  static Response lock() {
    try {
      Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwx------"));
      return Response.ok("chmod 700 " + dir() + "\n");
    } catch (IOException e) {
      return Response.ok("chmod 700 " + dir() + " refused: " + Attempt.describe(e) + "\n");
    }
  }

  /**
   * As soon as the runner has bound its socket, puts a link to {@code canary} in its place, before
   * the control plane can switch the socket onto the app's slot, where the edge connects. The same
   * path inside the sandbox's own /tmp gets a decoy file, so that the runner's chmod through the
   * link succeeds and the sandbox starts as if nothing had happened.
   */
  static void swapOwnSocket(String canary) {
    Path socket = Path.of(System.getenv("PADDOCK_SOCKET"));
    Path target = Path.of(canary);
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, "decoy");
    } catch (IOException e) {
      System.err.println("No decoy at " + target + ": " + e);
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                while (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)
                    && System.nanoTime() < deadline) {
                  LockSupport.parkNanos(100_000);
                }
                replaceWithLink(socket, target);
                System.err.println("Replaced " + socket + " with a link to " + canary);
              } catch (IOException e) {
                System.err.println("Could not replace " + socket + ": " + e);
              }
            });
  }

  private static void replaceWithLink(Path name, Path target) throws IOException {
    Path link = name.resolveSibling(".attacker-link");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, target);
    Files.move(link, name, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String link(Path link, Path existing) throws IOException {
    Files.deleteIfExists(link);
    return "linked " + Files.createLink(link, existing);
  }

  private static void mkfifo(Path path) throws Throwable {
    Linker linker = Linker.nativeLinker();
    MethodHandle mkfifo =
        linker.downcallHandle(
            linker.defaultLookup().find("mkfifo").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    try (Arena arena = Arena.ofConfined()) {
      if ((int) mkfifo.invokeExact(arena.allocateFrom(path.toString()), 0666) != 0) {
        throw new IOException("mkfifo failed");
      }
    }
  }

  private static Path dir() {
    String socket = System.getenv("PADDOCK_SOCKET");
    return socket == null || socket.isBlank()
        ? Path.of("/run/paddock")
        : Path.of(socket).getParent();
  }
}
