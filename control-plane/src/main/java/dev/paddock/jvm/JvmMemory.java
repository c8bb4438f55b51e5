package dev.paddock.jvm;

import dev.paddock.units.Sizes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * How a sandbox JVM's memory limit is split, in the way of Cloud Foundry's memory calculator: the
 * heap is what is left of the limit once metaspace (from the classes loaded), the code cache, the
 * thread stacks, direct memory and a headroom for the JVM's own native memory are set aside. Each
 * becomes a JVM option, so that no region grows into another and the sandbox is not killed for its
 * memory before the heap is full.
 *
 * @param limit the sandbox's memory limit
 * @param loadedClasses the classes the JVM is expected to load
 * @param threads the platform threads the JVM is expected to run, each with a stack of {@code
 *     stack}
 * @param floor the least heap the app can run with; a heap below it does not fit
 */
public record JvmMemory(
    DataSize limit,
    int loadedClasses,
    DataSize heap,
    DataSize metaspace,
    DataSize codeCache,
    DataSize stack,
    int threads,
    DataSize direct,
    DataSize headroom,
    DataSize floor) {

  /** The env variable the {@code java} launcher prepends to its command line. */
  public static final String JAVA_OPTIONS = "JDK_JAVA_OPTIONS";

  /** Whether the heap left is at least the floor. */
  public boolean fits() {
    return heap.compareTo(floor) >= 0;
  }

  public DataSize threadStacks() {
    return DataSize.ofBytes(stack.toBytes() * threads);
  }

  /** What the JVM is started with, sizes in whole MiB. */
  public List<String> options() {
    return List.of(
        "-Xmx" + mib(heap),
        "-Xss" + mib(stack),
        "-XX:MaxMetaspaceSize=" + mib(metaspace),
        "-XX:ReservedCodeCacheSize=" + mib(codeCache),
        "-XX:MaxDirectMemorySize=" + mib(direct));
  }

  /**
   * The sandbox's env with these options in {@code JDK_JAVA_OPTIONS}, which the {@code java}
   * launcher reads whatever the command: the app's own value, if any, comes after them and so wins.
   * A split that does not fit leaves the env as it is, and the JVM to size itself.
   */
  public Map<String, String> environment(Map<String, String> env) {
    if (!fits()) {
      return env;
    }
    Map<String, String> with = new HashMap<>(env);
    with.merge(JAVA_OPTIONS, String.join(" ", options()), (own, ours) -> ours + " " + own);
    return with;
  }

  /** The figures as the API shows them: sizes such as {@code 160MiB}. */
  public record View(
      String heap,
      String metaspace,
      String codeCache,
      String threadStacks,
      int threads,
      String direct,
      String headroom,
      int loadedClasses,
      List<String> options) {}

  public View view() {
    return new View(
        Sizes.format(heap),
        Sizes.format(metaspace),
        Sizes.format(codeCache),
        Sizes.format(threadStacks()),
        threads,
        Sizes.format(direct),
        Sizes.format(headroom),
        loadedClasses,
        options());
  }

  /** The split in words, for a refusal or a death's reason. */
  public String figures() {
    return "metaspace %s (%d classes), code cache %s, thread stacks %s (%d × %s), direct memory %s and headroom %s leave a heap of %s"
        .formatted(
            Sizes.format(metaspace),
            loadedClasses,
            Sizes.format(codeCache),
            Sizes.format(threadStacks()),
            threads,
            Sizes.format(stack),
            Sizes.format(direct),
            Sizes.format(headroom),
            Sizes.format(heap));
  }

  private static String mib(DataSize size) {
    return size.toMegabytes() + "m";
  }
}
