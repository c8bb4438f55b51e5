package dev.paddock.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training run for a release's AOT cache, asked for by {@code PADDOCK_TRAINING_PATHS} (the health
 * path and the tenant's warm-up paths, separated by newlines): once the app serves, the runner asks
 * each path a few times on the app's own port, then exits 0, and the JVM, started with {@code
 * -XX:AOTMode=record}, writes down the classes that start and these requests loaded. A path that
 * fails counts as asked: its error path is trained as well.
 */
final class TrainingRun {

  static final String PATHS = "PADDOCK_TRAINING_PATHS";
  static final int ROUNDS = 5;
  static final int MAX_PATHS = 17;
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration ANSWER = Duration.ofSeconds(10);

  private final List<String> paths;

  private TrainingRun(List<String> paths) {
    this.paths = List.copyOf(paths);
  }

  /** The training run the environment asks for, if any; paths not starting with / are dropped. */
  static Optional<TrainingRun> from(Map<String, String> env) {
    String value = env.get(PATHS);
    if (value == null) {
      return Optional.empty();
    }
    List<String> paths = new ArrayList<>();
    Arrays.stream(value.split("\n"))
        .map(String::strip)
        .filter(path -> path.startsWith("/") && path.length() <= 256)
        .limit(MAX_PATHS)
        .forEach(paths::add);
    return Optional.of(new TrainingRun(paths.isEmpty() ? List.of("/") : paths));
  }

  List<String> paths() {
    return paths;
  }

  /** Waits on a thread of its own until the sandbox serves, asks the paths, then ends the JVM. */
  void start(RunnerConfig config, Sandbox sandbox) {
    Thread.ofPlatform().daemon().name("paddock-training").start(() -> run(config, sandbox));
  }

  private void run(RunnerConfig config, Sandbox sandbox) {
    try {
      while (sandbox.health() != Health.UP) {
        Thread.sleep(POLL);
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (String path : paths) {
          HttpProbe.get(config.port(), path, ANSWER, ANSWER);
        }
      }
      Log.info("training run done: %d paths asked %d times".formatted(paths.size(), ROUNDS));
      System.exit(0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
