package dev.paddock.examples.attacker;

import dev.paddock.handler.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs into the sandbox's limits. The pids and /tmp attacks stop at the limit, clean up and report
 * how far they got; the memory attack fills the heap until the JVM exits.
 */
final class Exhaustion {

  /** More threads than any app's pids limit (at most 65,536) allows, so a missing limit shows. */
  private static final int MAX_THREADS = 70_000;

  private static final int CHUNK = 1 << 20;

  private static final CountDownLatch NEVER = new CountDownLatch(1);

  private Exhaustion() {}

  /**
   * Parks 60 threads whose names take 100,000 characters each, with a quote, a newline and an
   * escape code at their start: a thread dump of this JVM is then over 6 MB. They stay.
   */
  static Response hugeThreadDump() {
    String name = "\"\n\u001b[2J" + "x".repeat(100_000);
    for (int i = 0; i < 60; i++) {
      Thread.ofPlatform().daemon().name(name + i).start(() -> awaitQuietly(NEVER));
    }
    return Response.ok("parked 60 threads with long names\n");
  }

  /** Starts platform threads until the pids limit refuses one, then lets them all end. */
  static Response threads() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    String stoppedBy = "the attack's own cap of " + MAX_THREADS;
    try {
      while (threads.size() < MAX_THREADS) {
        threads.add(Thread.ofPlatform().daemon().start(() -> awaitQuietly(release)));
      }
    } catch (OutOfMemoryError refused) {
      stoppedBy = Attempt.describe(refused);
    } finally {
      release.countDown();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    System.err.println("Started " + threads.size() + " threads, stopped by " + stoppedBy);
    return json("{\"threads\": %d, \"stoppedBy\": %s}", threads.size(), stoppedBy);
  }

  /** Writes 1 MiB chunks to a file in /tmp until the file system is full, then deletes it. */
  static Response tmp() throws IOException {
    Path file = Files.createTempFile(Path.of("/tmp"), "attacker-fill-", "");
    byte[] chunk = new byte[CHUNK];
    String stoppedBy;
    long written;
    try {
      try (OutputStream out = Files.newOutputStream(file)) {
        while (true) {
          out.write(chunk);
        }
      } catch (IOException full) {
        stoppedBy = Attempt.describe(full);
      }
      written = Files.size(file);
    } finally {
      Files.deleteIfExists(file);
    }
    System.err.println("Wrote " + written + " bytes to /tmp, stopped by " + stoppedBy);
    return json("{\"bytes\": %d, \"stoppedBy\": %s}", written, stoppedBy);
  }

  /**
   * Writes {@code mib} MiB to stdout in lines of 1 KiB, as fast as it can: the host keeps only what
   * the sandbox's log bound allows.
   */
  static Response logs(int mib) {
    String line = "log flood " + "x".repeat(1013);
    for (int i = 0; i < mib * 1024; i++) {
      System.out.println(line);
    }
    System.out.flush();
    return json("{\"bytes\": %d, \"stoppedBy\": %s}", (long) mib << 20, "done");
  }

  /** Allocates on the heap until the JVM runs out and exits; never returns. */
  static Response memory() {
    System.err.println("Filling the heap");
    List<byte[]> kept = new ArrayList<>();
    while (true) {
      kept.add(new byte[8 * CHUNK]);
    }
  }

  private static Response json(String format, long count, String stoppedBy) {
    return Json.response(format.formatted(count, Json.string(stoppedBy)));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
