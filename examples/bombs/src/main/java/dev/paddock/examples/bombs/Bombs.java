package dev.paddock.examples.bombs;

import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A tenant app at its worst, on demand: {@code /heap} keeps allocating on the Java heap, {@code
 * /native} allocates and touches memory outside the heap, where no JVM limit applies, {@code
 * /threads} starts threads that never end, {@code /cpu} keeps {@value #SPINNERS} threads busy for
 * {@value #SPIN_SECONDS} s (all the CPU time its limit allows, on as many cores as it can get),
 * {@code /native-on-stop} arms {@code /native} for when the sandbox is stopped (a death during its
 * drain), and {@code /hang} never answers. Anything else answers normally.
 */
public class Bombs implements Handler {

  private static final int CHUNK = 8 << 20;
  private static final int SPINNERS = 4;
  private static final int SPIN_SECONDS = 4;

  private final List<Object> kept = new ArrayList<>();

  @Override
  public Response handle(Request request) {
    return switch (request.path()) {
      case "/heap" -> {
        System.err.println("Filling the heap");
        while (true) {
          kept.add(new byte[CHUNK]);
        }
      }
      case "/native" -> fillNativeMemory();
      case "/native-on-stop" -> {
        Runtime.getRuntime().addShutdownHook(new Thread(Bombs::fillNativeMemory));
        yield Response.ok("Native memory fills up when this sandbox stops\n");
      }
      case "/threads" -> {
        System.err.println("Starting threads");
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
          Thread.ofPlatform().daemon().start(() -> await(never));
          kept.add(never);
        }
      }
      case "/cpu" -> {
        System.err.println("Spinning");
        long until = System.nanoTime() + SPIN_SECONDS * 1_000_000_000L;
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < SPINNERS; i++) {
          spinners.add(Thread.ofPlatform().start(() -> spin(until)));
        }
        spinners.forEach(Bombs::join);
        yield Response.ok("Spun\n");
      }
      case "/hang" -> {
        await(new CountDownLatch(1));
        yield Response.ok("Interrupted\n");
      }
      default -> Response.ok("Still here\n");
    };
  }

  private static Response fillNativeMemory() {
    System.err.println("Allocating native memory");
    sun.misc.Unsafe unsafe = unsafe();
    while (true) {
      long address = unsafe.allocateMemory(CHUNK);
      unsafe.setMemory(address, CHUNK, (byte) 1);
    }
  }

  private static sun.misc.Unsafe unsafe() {
    try {
      Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return (sun.misc.Unsafe) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Busy until {@code until} ({@link System#nanoTime()}): the clock call keeps the loop. */
  private static void spin(long until) {
    while (System.nanoTime() < until) {
      // spinning
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
