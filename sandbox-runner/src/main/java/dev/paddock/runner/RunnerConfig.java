package dev.paddock.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a sandbox runs and where it listens, read from the environment the control plane sets.
 *
 * @param jar the tenant's release jar
 * @param appArgs arguments passed on to a runnable jar's {@code main}
 * @param port the TCP port the app serves on
 * @param socket the Unix socket to serve the app's HTTP on as well, if any
 * @param adminPort the TCP port of the internal health and metrics endpoint
 * @param drainTimeout how long in-flight requests may take to finish on stop
 * @param healthPath for a runnable jar, the path that must answer 2xx or 3xx before it counts as
 *     serving; without one, an open port is enough
 * @param requestTimeout how long a handler may hold a request before the client gets a 504
 * @param labels tenant, app and release, only for the log
 */
record RunnerConfig(
    Path jar,
    List<String> appArgs,
    int port,
    Optional<Path> socket,
    int adminPort,
    Duration drainTimeout,
    Optional<String> healthPath,
    Duration requestTimeout,
    Map<String, String> labels) {

  static final Path DEFAULT_JAR = Path.of("/app/app.jar");
  static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  RunnerConfig {
    appArgs = List.copyOf(appArgs);
    labels = Map.copyOf(labels);
  }

  /** Reads the configuration; {@code args} is the jar path followed by the app's arguments. */
  static RunnerConfig from(Map<String, String> env, List<String> args) {
    Path jar = args.isEmpty() ? DEFAULT_JAR : Path.of(args.getFirst());
    List<String> appArgs = args.isEmpty() ? List.of() : args.subList(1, args.size());
    Optional<Path> socket =
        Optional.ofNullable(env.get("PADDOCK_SOCKET")).filter(s -> !s.isBlank()).map(Path::of);
    if (socket.isPresent() && !socket.get().isAbsolute()) {
      throw new IllegalArgumentException(
          "PADDOCK_SOCKET must be an absolute path: " + socket.get());
    }
    String drain = env.get("PADDOCK_DRAIN_TIMEOUT");
    String requestTimeout = env.get("PADDOCK_REQUEST_TIMEOUT");
    Optional<String> healthPath =
        Optional.ofNullable(env.get("PADDOCK_HEALTH_PATH")).filter(s -> !s.isBlank());
    if (healthPath.isPresent() && !healthPath.get().startsWith("/")) {
      throw new IllegalArgumentException(
          "PADDOCK_HEALTH_PATH must start with '/': " + healthPath.get());
    }
    return new RunnerConfig(
        jar,
        appArgs,
        port(env, "PORT", 8080),
        socket,
        port(env, "PADDOCK_ADMIN_PORT", 9000),
        drain == null || drain.isBlank() ? DEFAULT_DRAIN_TIMEOUT : parseDuration(drain),
        healthPath,
        requestTimeout == null || requestTimeout.isBlank()
            ? DEFAULT_REQUEST_TIMEOUT
            : parseDuration(requestTimeout),
        Map.of(
            "tenant", env.getOrDefault("PADDOCK_TENANT", "-"),
            "app", env.getOrDefault("PADDOCK_APP", "-"),
            "release", env.getOrDefault("PADDOCK_RELEASE", "-")));
  }

  /** Parses whole seconds ({@code 10}, {@code 10s}) or an ISO-8601 duration ({@code PT1.5S}). */
  static Duration parseDuration(String text) {
    String value = text.strip().toUpperCase(Locale.ROOT);
    Duration duration;
    try {
      duration =
          value.matches("\\d+S?")
              ? Duration.ofSeconds(Long.parseLong(value.replace("S", "")))
              : Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a duration (seconds or ISO-8601 like PT10S): " + text, e);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + text);
    }
    return duration;
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the variable's name
    }
    throw new IllegalArgumentException(name + " is not a TCP port: " + value);
  }
}
