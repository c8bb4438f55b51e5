package dev.paddock.sandbox;

import java.util.Arrays;
import java.util.List;

/**
 * What a sandbox's JVM runs, by the release's kind: the arguments that follow the sandbox image's
 * {@code java} entrypoint, which keeps the JVM options every sandbox shares. Every driver starts
 * its sandboxes with these.
 */
public final class SandboxCommand {

  /** Where every sandbox finds the release's jar. */
  public static final String APP_JAR = "/app/app.jar";

  /** The runner: serves handler jars, and is loaded by the agent beside runnable ones. */
  public static final String RUNNER_JAR = "/opt/paddock/runner.jar";

  /**
   * A handler jar: the runner serves it with its own HTTP server, its classes from the image's AOT
   * cache.
   */
  static final List<String> HANDLER =
      List.of("-XX:AOTCache=/opt/paddock/runner.aot", "-jar", RUNNER_JAR, APP_JAR);

  /**
   * A runnable jar: the JVM runs it exactly as {@code java -jar} would (system class loader,
   * manifest attributes, Spring Boot's nested jars), and the agent starts the runner beside it. Not
   * the runner's AOT cache, which the JVM refuses for another class path and an agent; the
   * release's own, trained with this very agent and class path, it takes.
   */
  static final List<String> RUNNABLE =
      List.of("-javaagent:/opt/paddock/agent.jar", "-jar", APP_JAR);

  /**
   * Preloaded into a runnable jar's JVM when the sandbox serves on a Unix socket: the app's own
   * server listens on it, with no hop between the edge and the app (sandbox-runner's {@code
   * src/main/c/listen.c}).
   */
  public static final String LISTENER = "/opt/paddock/paddock-listen.so";

  /** Where a sandbox finds its release's AOT cache, mounted read-only. */
  public static final String AOT_CACHE = "/app/app.aot";

  /**
   * The JVM's own lines about its AOT cache are noise in the tenant's log (a training run lists
   * every class it skips); the runner says in one line whether the cache was taken.
   */
  static final String QUIET = "-Xlog:aot*=off,cds*=off";

  /** Where a sandbox's JVM writes its GC log, on the sandbox's private {@code /tmp}. */
  public static final String GC_LOG = "/tmp/paddock-gc.log";

  /**
   * What every serving sandbox's JVM records for its diagnostics: a GC log of at most 2 × 1 MiB
   * (the file and the one rotated away, {@code .0}), and native memory tracking's summary, which
   * cost a hello handler no start time to see (first response 1,131 ms, 1,134 without) and 2 % of
   * its RSS at most (69.8 MB, 68.4 without, within the runs' noise; it counts 385 KiB for itself).
   * Neither is part of what an AOT cache must match: the image's and a release's caches are taken
   * with them, so training runs go without.
   */
  static final List<String> OBSERVED =
      List.of(
          "-Xlog:gc*:file=" + GC_LOG + ":time,uptime,level,tags:filecount=1,filesize=1m",
          "-XX:NativeMemoryTracking=summary");

  private static final String CONFIGURATION = AotTraining.MOUNT + "/app.aotconf";

  /**
   * The JVM writes a cache's classes into buffers bounded by the metaspace limit, which Paddock
   * sizes for the app's running classes only: at 54 MiB a Spring Boot app's cache did not fit. The
   * limit is no part of what a cache must match, so its training runs get more.
   */
  private static final String TRAINING_METASPACE = "-XX:MaxMetaspaceSize=512m";

  private SandboxCommand() {}

  /** The arguments for the sandbox's {@code java}. */
  public static List<String> of(SandboxSpec spec) {
    if (spec.aot() == null) {
      return join(OBSERVED, spec.handler() ? HANDLER : RUNNABLE);
    }
    return join(
        spec.aot().jvmOptions(),
        List.of("-XX:AOTCache=" + AOT_CACHE, QUIET),
        OBSERVED,
        launch(spec));
  }

  /**
   * The arguments of a training run: the release as it starts in production, with {@code pinned},
   * recording what it loads ({@code -XX:AOTMode=record}) into the training's directory.
   */
  public static List<String> record(SandboxSpec spec, List<String> pinned) {
    return join(
        pinned,
        List.of(
            "-XX:AOTMode=record",
            "-XX:AOTConfiguration=" + CONFIGURATION,
            TRAINING_METASPACE,
            QUIET),
        launch(spec));
  }

  /** The arguments that turn a training run's record into the cache, then exit. */
  public static List<String> create(SandboxSpec spec, List<String> pinned) {
    return join(
        pinned,
        List.of(
            "-XX:AOTMode=create",
            "-XX:AOTConfiguration=" + CONFIGURATION,
            "-XX:AOTCache=" + AotTraining.MOUNT + "/" + AotTraining.CACHE,
            TRAINING_METASPACE,
            QUIET),
        launch(spec));
  }

  /** What runs, without the image's cache of the runner alone: a release's cache replaces it. */
  private static List<String> launch(SandboxSpec spec) {
    return spec.handler() ? HANDLER.subList(1, HANDLER.size()) : RUNNABLE;
  }

  @SafeVarargs
  private static List<String> join(List<String>... parts) {
    return Arrays.stream(parts).flatMap(List::stream).toList();
  }
}
