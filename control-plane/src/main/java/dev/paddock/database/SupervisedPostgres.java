package dev.paddock.database;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL, kept running: its postmaster is watched twice a second and started again
 * on the same data and port when it dies, waiting twice as long after each start that does not last
 * (up to 30 s). The pool's connections fail while it is away and are replaced once it is back.
 * Thread-safe.
 */
final class SupervisedPostgres implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(SupervisedPostgres.class);
  private static final Duration WATCH = Duration.ofMillis(500);
  private static final Duration FIRST_WAIT = Duration.ofMillis(500);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

  private final Path data;
  private final Counter restarts;
  private final ScheduledExecutorService watch =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("postgres-watch").factory());
  private volatile EmbeddedPostgres running;
  private volatile boolean closed;
  private Duration wait = FIRST_WAIT;
  private long nextTry;

  private SupervisedPostgres(Path data, EmbeddedPostgres running, MeterRegistry meters) {
    this.data = data;
    this.running = running;
    this.restarts =
        Counter.builder("paddock.database.restarts")
            .description("Starts of the embedded PostgreSQL after it died")
            .register(meters);
  }

  /** Starts PostgreSQL on the data directory (on any free port the first time) and watches it. */
  static SupervisedPostgres start(Path data, MeterRegistry meters) throws IOException {
    SupervisedPostgres postgres = new SupervisedPostgres(data, launch(data, 0), meters);
    postgres.watch.scheduleWithFixedDelay(
        postgres::check, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
    return postgres;
  }

  int port() {
    return running.getPort();
  }

  String jdbcUrl() {
    return running.getJdbcUrl("postgres", "postgres");
  }

  private static EmbeddedPostgres launch(Path data, int port) throws IOException {
    var builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(30));
    return (port == 0 ? builder : builder.setPort(port)).start();
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
    int port = running.getPort();
    log.warn("The embedded PostgreSQL on port {} is gone: starting it again", port);
    try {
      // Releases the dead server's hold on the data directory (a lock this JVM keeps), no more.
      running.close();
      running = launch(data, port);
      restarts.increment();
      log.info("The embedded PostgreSQL serves again on port {}", port);
    } catch (IOException | RuntimeException e) {
      log.error("Starting the embedded PostgreSQL again failed (next try in {})", wait, e);
    }
    nextTry = System.nanoTime() + wait.toNanos();
    wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
  }

  /** The running postmaster, by the pid file it keeps in its data directory. */
  private Optional<ProcessHandle> postmaster() {
    try {
      String pid = Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip();
      return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    watch.shutdownNow();
    synchronized (this) {
      running.close();
    }
  }
}
