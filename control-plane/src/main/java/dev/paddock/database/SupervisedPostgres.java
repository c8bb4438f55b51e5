package dev.paddock.database;

import dev.paddock.Installation;
import dev.paddock.lifecycle.Processes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL, kept running: its postmaster is watched twice a second and, when it
 * dies, started again with the very command line it first ran with (same binaries, data and port),
 * waiting twice as long after each start that does not last (up to 30 s). The pool's connections
 * fail while it is away and are replaced once it is back. Thread-safe.
 */
final class SupervisedPostgres implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(SupervisedPostgres.class);
  private static final Duration WATCH = Duration.ofMillis(500);
  private static final Duration FIRST_WAIT = Duration.ofMillis(500);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

  private final Path data;
  private final EmbeddedPostgres first;
  private final List<String> command;
  private final Counter restarts;
  private final ScheduledExecutorService watch =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("postgres-watch").factory());
  private volatile boolean closed;
  private boolean restarted;
  private Duration wait = FIRST_WAIT;
  private long nextTry;

  private SupervisedPostgres(Path data, EmbeddedPostgres first, MeterRegistry meters) {
    this.data = data;
    this.first = first;
    this.command = postmaster().map(SupervisedPostgres::commandLine).orElse(List.of());
    this.restarts =
        Counter.builder("paddock.database.restarts")
            .description("Starts of the embedded PostgreSQL after it died")
            .register(meters);
  }

  /** Starts PostgreSQL on the data directory, on any free port, and watches it. */
  static SupervisedPostgres start(Path data, MeterRegistry meters) throws IOException {
    EmbeddedPostgres first =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(30))
            // The library's default is off, made for tests: a commit could be acknowledged and
            // then lost when PostgreSQL dies before its WAL writer's next flush (a deploy that
            // went live would be pending again after a restart).
            .setServerConfig("synchronous_commit", "on")
            .start();
    SupervisedPostgres postgres = new SupervisedPostgres(data, first, meters);
    if (postgres.command.isEmpty()) {
      log.warn("Cannot read the embedded PostgreSQL's command line: it will not be restarted");
    } else {
      postgres.watch.scheduleWithFixedDelay(
          postgres::check, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
    }
    return postgres;
  }

  int port() {
    return first.getPort();
  }

  String jdbcUrl() {
    return first.getJdbcUrl("postgres", "postgres");
  }

  private synchronized void check() {
    if (closed || postmaster().isPresent()) {
      if (System.nanoTime() - nextTry > LONGEST_WAIT.toNanos()) {
        wait = FIRST_WAIT;
      }
      return;
    }
    if (System.nanoTime() < nextTry) {
      return;
    }
    log.warn("The embedded PostgreSQL on port {} is gone: starting it again", port());
    try {
      new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(
              ProcessBuilder.Redirect.appendTo(data.resolveSibling("postgres.log").toFile()))
          .start();
      restarted = true;
      restarts.increment();
    } catch (IOException e) {
      log.error("Starting the embedded PostgreSQL again failed (next try in {})", wait, e);
    }
    nextTry = System.nanoTime() + wait.toNanos();
    wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
  }

  /** The running postmaster, by the pid file it keeps in its data directory. */
  private Optional<ProcessHandle> postmaster() {
    try {
      String pid = Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip();
      return Processes.live(Long.parseLong(pid));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The postmaster's command line, to run again as it was. As root, in a user namespace of its own
   * ({@code unshare -U}), as the embedded PostgreSQL started it: PostgreSQL refuses to run as root.
   */
  private static List<String> commandLine(ProcessHandle process) {
    List<String> line = new ArrayList<>();
    if (Installation.asRoot()) {
      line.addAll(List.of("unshare", "-U"));
    }
    process.info().command().ifPresent(line::add);
    process.info().arguments().ifPresent(arguments -> line.addAll(List.of(arguments)));
    return process.info().arguments().isPresent() ? List.copyOf(line) : List.of();
  }

  /**
   * Stops the watch, then PostgreSQL: the first one as it was started, one started again by a fast
   * shutdown (SIGINT: open sessions are ended, nothing is lost).
   */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    watch.shutdownNow();
    Optional<ProcessHandle> again = restarted ? postmaster() : Optional.empty();
    if (again.isPresent()) {
      try {
        new ProcessBuilder("kill", "-INT", String.valueOf(again.get().pid())).start().waitFor();
        again.get().onExit().get(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.warn("The embedded PostgreSQL did not stop within a minute", e);
      }
    }
    first.close();
  }
}
