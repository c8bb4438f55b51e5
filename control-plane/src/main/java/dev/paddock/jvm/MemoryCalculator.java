package dev.paddock.jvm;

import dev.paddock.units.Sizes;
import java.util.Optional;
import org.springframework.util.unit.DataSize;

/**
 * Splits a sandbox's memory limit between the JVM's regions ({@link JvmMemory}), following Cloud
 * Foundry's java-buildpack-memory-calculator: metaspace is 5,800 bytes per loaded class plus 14 MB,
 * loaded classes being 35% of the classes in the jar plus those of the runtime itself; stacks are 1
 * MiB (the JVM's default) times the threads expected; direct memory is 10 MiB. Two figures are
 * scaled down for small sandboxes, where the reference's would not fit at all: the code cache is an
 * eighth of the limit, up to the JVM's own 240 MiB, and the threads expected are those measured,
 * not the reference's 250 (a handler's requests run on virtual threads). A tenth of the limit is
 * kept as headroom for what the JVM allocates besides (GC structures, symbols, the JIT compilers'
 * arenas). The heap is what remains, in whole MiB. Stateless and thread-safe.
 */
public final class MemoryCalculator {

  static final long BYTES_PER_CLASS = 5_800;
  static final long METASPACE_BASE = 14_000_000;
  static final double LOADED_SHARE = 0.35;

  /** Classes the JDK and the sandbox runner load before any of the app's: 3,034 measured. */
  static final int RUNTIME_CLASSES = 3_000;

  static final int HANDLER_THREADS = 20;
  static final int RUNNABLE_THREADS = 50;
  static final long MIB = 1L << 20;
  static final DataSize STACK = DataSize.ofMegabytes(1);
  static final DataSize DIRECT = DataSize.ofMegabytes(10);
  static final long MIN_CODE_CACHE = 16 * MIB;
  static final long MAX_CODE_CACHE = 240 * MIB;
  static final long MIN_HEAP = 16 * MIB;

  /** The floor grows with the app: a heap of 4 KiB per loaded class is what a Spring app keeps. */
  static final long HEAP_PER_CLASS = 4 * 1024;

  private MemoryCalculator() {}

  /**
   * The split of {@code limit} for an app of this kind whose jar holds {@code classes} classes
   * (null when they were never counted: only the runtime's are then). The result may not {@link
   * JvmMemory#fits() fit}.
   */
  public static JvmMemory size(DataSize limit, boolean handler, Integer classes) {
    int loaded = RUNTIME_CLASSES + (int) Math.ceil(LOADED_SHARE * (classes == null ? 0 : classes));
    long metaspace = mibUp(METASPACE_BASE + BYTES_PER_CLASS * loaded);
    long codeCache = mibUp(Math.min(MAX_CODE_CACHE, Math.max(MIN_CODE_CACHE, limit.toBytes() / 8)));
    int threads = handler ? HANDLER_THREADS : RUNNABLE_THREADS;
    long headroom = mibUp(limit.toBytes() / 10);
    long rest =
        limit.toBytes()
            - metaspace
            - codeCache
            - STACK.toBytes() * threads
            - DIRECT.toBytes()
            - headroom;
    long heap = Math.max(0, rest / MIB * MIB);
    long floor = mibUp(Math.max(MIN_HEAP, HEAP_PER_CLASS * loaded));
    return new JvmMemory(
        limit,
        loaded,
        DataSize.ofBytes(heap),
        DataSize.ofBytes(metaspace),
        DataSize.ofBytes(codeCache),
        STACK,
        threads,
        DIRECT,
        DataSize.ofBytes(headroom),
        DataSize.ofBytes(floor));
  }

  /** The least limit, in steps of 16 MiB, at which such an app fits; at most 64 GiB. */
  public static DataSize smallestFit(boolean handler, Integer classes) {
    long step = 16 * MIB;
    for (long limit = 64 * MIB; limit < (64L << 30); limit += step) {
      if (size(DataSize.ofBytes(limit), handler, classes).fits()) {
        return DataSize.ofBytes(limit);
      }
    }
    return DataSize.ofGigabytes(64);
  }

  /**
   * Why {@code limit} is too small for the release, if it is: what its non-heap regions need leaves
   * less heap than the floor. {@code what} names the release. A release whose classes were never
   * counted is not judged: it is not sized either.
   */
  public static Optional<String> refusal(
      DataSize limit, boolean handler, Integer classes, String what) {
    if (classes == null) {
      return Optional.empty();
    }
    JvmMemory memory = size(limit, handler, classes);
    if (memory.fits()) {
      return Optional.empty();
    }
    return Optional.of(
        "%s does not fit in a memory limit of %s: %s, below the %s it needs. Set the memory limit to at least %s."
            .formatted(
                what,
                Sizes.format(limit),
                memory.figures(),
                Sizes.format(memory.floor()),
                Sizes.format(smallestFit(handler, classes))));
  }

  /**
   * Refuses a limit too small for the release, as {@link #refusal} says.
   *
   * @throws MemoryTooSmallException naming the figures and the limit to set
   */
  public static void require(DataSize limit, boolean handler, Integer classes, String what) {
    refusal(limit, handler, classes, what)
        .ifPresent(
            reason -> {
              throw new MemoryTooSmallException(reason);
            });
  }

  private static long mibUp(long bytes) {
    return (bytes + MIB - 1) / MIB * MIB;
  }
}
