package dev.paddock.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.paddock.Installation;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.web.NotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * Recordings on the control plane's disk, taken from a runner on loopback that answers a small
 * flight recording: kept owner-only until their retention ends, one per sandbox at a time, and a
 * bounded number per tenant.
 */
class RecordingsIT {

  private static final byte[] RECORDING = {'F', 'L', 'R', 0, 2, 1, 0, 0};

  @TempDir Path data;
  private final MovableClock clock = new MovableClock();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger held = new AtomicInteger();
  private HttpServer runner;
  private Recordings recordings;

  @BeforeEach
  void runnerAndRecordings() throws IOException {
    runner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    runner.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    runner.createContext(
        "/diagnostics/recording",
        exchange -> {
          try (exchange) {
            if (exchange.getRequestURI().getQuery().equals("seconds=99")) {
              held.incrementAndGet();
              release.await();
            }
            exchange.sendResponseHeaders(200, RECORDING.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(RECORDING);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    runner.start();
    recordings =
        new Recordings(
            new DiagnosticsProperties(
                Duration.ofSeconds(5),
                DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(100),
                Duration.ofHours(1)),
            new Installation(data, "test"),
            clock);
  }

  @AfterEach
  void stop() {
    release.countDown();
    runner.stop(0);
  }

  @Test
  void aDoneRecordingIsAnOwnerOnlyFileUntilItsRetentionEnds() throws IOException {
    Recordings.Recording started = recordings.start(1, 10, sandbox("a"), 1);

    Recordings.State.Done done = awaitDone(10, started.id());
    assertThat(Files.readAllBytes(done.file())).isEqualTo(RECORDING);
    assertThat(Files.getPosixFilePermissions(done.file().getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThatThrownBy(() -> recordings.get(11, started.id()))
        .isInstanceOf(NotFoundException.class);

    clock.advance(Duration.ofMinutes(59));
    recordings.expire();
    assertThat(recordings.get(10, started.id()).state()).isInstanceOf(Recordings.State.Done.class);

    clock.advance(Duration.ofMinutes(2));
    recordings.expire();
    assertThat(done.file()).doesNotExist();
    assertThatThrownBy(() -> recordings.get(10, started.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aSandboxIsRecordedOnceAtATime() {
    Recordings.Recording first = recordings.start(1, 10, sandbox("a"), 99);
    await().atMost(Duration.ofSeconds(30)).until(() -> held.get() == 1);

    assertThatThrownBy(() -> recordings.start(1, 10, sandbox("a"), 1))
        .isInstanceOf(Recordings.RecordingBusyException.class);
    Recordings.Recording other = recordings.start(1, 10, sandbox("b"), 1);
    awaitDone(10, other.id());

    release.countDown();
    awaitDone(10, first.id());
  }

  @Test
  void aTenantKeepsAtMostItsShareAndFailedOnesDoNotCount() {
    Recordings.Recording failed = recordings.start(1, 10, unreachable(), 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> recordings.get(10, failed.id()).state() instanceof Recordings.State.Failed);
    for (int i = 0; i < Recordings.PER_TENANT; i++) {
      awaitDone(10, recordings.start(1, 10, sandbox("s" + i), 1).id());
    }

    assertThatThrownBy(() -> recordings.start(1, 10, sandbox("more"), 1))
        .isInstanceOf(Recordings.RecordingsFullException.class);
    awaitDone(20, recordings.start(2, 20, sandbox("theirs"), 1).id());
  }

  private Recordings.State.Done awaitDone(long appId, String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> recordings.get(appId, id).state() instanceof Recordings.State.Done);
    return (Recordings.State.Done) recordings.get(appId, id).state();
  }

  private Sandbox sandbox(String id) {
    return sandbox(id, URI.create("http://127.0.0.1:" + runner.getAddress().getPort() + "/"));
  }

  private static Sandbox unreachable() {
    // Port 9 (discard) on loopback: nothing listens there here, so the connection is refused.
    return sandbox("gone", URI.create("http://127.0.0.1:9/"));
  }

  private static Sandbox sandbox(String id, URI admin) {
    return new Sandbox(
        id, "sandbox-" + id, 10, 1, 1, "hash", 0, Sandbox.State.RUNNING, admin, Instant.EPOCH);
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
