package dev.paddock.sandbox;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner whose diagnostics its tenant answers in its place costs the control plane a refusal:
 * whatever it sends, a dump, histogram or GC log is read up to its limit and within its deadline, a
 * histogram keeps only rows of its format, and a recording must be one and fit its size.
 */
class RunnerDiagnosticsIT {

  private static final Duration DEADLINE = Duration.ofSeconds(2);
  // Far past the deadline, for a loaded machine; a read that hangs never gets here.
  private static final Duration GENEROUS = Duration.ofSeconds(30);
  private static final byte[] ZEROS = new byte[64 * 1024];

  private final RunnerDiagnostics diagnostics = new RunnerDiagnostics(DEADLINE);
  @TempDir Path temp;

  @Test
  void aThreadDumpWithoutEndIsCutAtTheLimit() throws Exception {
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "200 OK", "Content-Length: 8000000000");
              while (true) {
                out.write(ZEROS);
              }
            })) {
      RunnerDiagnostics.Text dump =
          assertTimeoutPreemptively(GENEROUS, () -> diagnostics.threads(runner.admin()));

      assertThat(dump.cut()).isTrue();
      assertThat(dump.text()).hasSizeLessThanOrEqualTo(RunnerDiagnostics.THREADS_LIMIT);
      await().atMost(GENEROUS).until(runner::hungUp);
      assertThat(runner.written()).isLessThan(64L << 20);
    }
  }

  @Test
  void aRunnerThatSendsHeadersAndThenNothingFailsAtTheDeadline() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "200 OK", "Content-Length: 100");
              never.await();
            })) {
      assertTimeoutPreemptively(
          GENEROUS,
          () ->
              assertThatThrownBy(() -> diagnostics.histogram(runner.admin(), 100))
                  .isInstanceOf(RunnerDiagnostics.DiagnosticsFailedException.class)
                  .hasMessageContaining("did not answer within 2 s"));
    }
  }

  @Test
  void aHistogramOfGarbageKeepsOnlyItsWellFormedRows() throws Exception {
    byte[] body =
        ("\u0000garbage\n   1:   3   300  real.Row\n<script>alert(1)</script>\n"
                + "   2:   1   100000000000000000000000  too.Large\n")
            .getBytes(US_ASCII);
    try (var runner = HostileRunner.answering("200 OK", body)) {
      ClassHistogram histogram = diagnostics.histogram(runner.admin(), 100);

      assertThat(histogram.classes())
          .containsExactly(new ClassHistogram.Entry("real.Row", null, 3, 300));
    }
  }

  @Test
  void aRecordingThatIsNoFlightRecordingIsRefused() throws Exception {
    byte[] body = "<html>surely a recording</html>".getBytes(US_ASCII);
    try (var runner = HostileRunner.answering("200 OK", body)) {
      assertThatThrownBy(() -> diagnostics.recording(runner.admin(), 1, 1 << 20, file()))
          .isInstanceOf(RunnerDiagnostics.DiagnosticsFailedException.class)
          .hasMessageContaining("not a flight recording");
      assertThat(file()).doesNotExist();
    }
  }

  @Test
  void aRecordingLargerThanItsLimitIsRefusedAfterTheLimit() throws Exception {
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "200 OK", "Transfer-Encoding: chunked");
              out.write("4\r\nFLR\u0000\r\n".getBytes(US_ASCII));
              while (true) {
                out.write("%x\r\n".formatted(ZEROS.length).getBytes(US_ASCII));
                out.write(ZEROS);
                out.write("\r\n".getBytes(US_ASCII));
              }
            })) {
      assertTimeoutPreemptively(
          GENEROUS,
          () ->
              assertThatThrownBy(() -> diagnostics.recording(runner.admin(), 1, 1 << 20, file()))
                  .isInstanceOf(RunnerDiagnostics.DiagnosticsFailedException.class)
                  .hasMessageContaining("larger than 1 MiB"));
      assertThat(file()).doesNotExist();
      await().atMost(GENEROUS).until(runner::hungUp);
      assertThat(runner.written()).isLessThan(64L << 20);
    }
  }

  @Test
  void aRunnersErrorIsToldOnOneShortLine() throws Exception {
    byte[] body = ("{\"error\":\"busy\"}\n\u001b[2J" + "x".repeat(100_000)).getBytes(US_ASCII);
    try (var runner = HostileRunner.answering("409 Conflict", body)) {
      assertThatThrownBy(() -> diagnostics.threads(runner.admin()))
          .isInstanceOf(RunnerDiagnostics.DiagnosticsFailedException.class)
          .hasMessageStartingWith("the sandbox's runner answered 409: {\"error\":\"busy\"}")
          .message()
          .hasSizeLessThan(400)
          .doesNotContain("\n", "\u001b");
    }
  }

  @Test
  void aGcLogWithoutEndIsCutAtTheLimit() throws Exception {
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "200 OK", "Content-Length: 8000000000");
              while (true) {
                out.write(ZEROS);
              }
            })) {
      RunnerDiagnostics.Text log =
          assertTimeoutPreemptively(GENEROUS, () -> diagnostics.gcLog(runner.admin(), 2000));

      assertThat(log.cut()).isTrue();
      assertThat(log.text()).hasSizeLessThanOrEqualTo(RunnerDiagnostics.GC_LOG_LIMIT);
      await().atMost(GENEROUS).until(runner::hungUp);
    }
  }

  @Test
  void aJvmWithoutNativeMemoryTrackingIsToldApart() throws Exception {
    byte[] body = "\nNative memory tracking is not enabled\n".getBytes(US_ASCII);
    try (var runner = HostileRunner.answering("200 OK", body)) {
      assertThatThrownBy(() -> diagnostics.nativeMemory(runner.admin()))
          .isInstanceOf(RunnerDiagnostics.NativeMemoryNotTrackedException.class);
    }
  }

  @Test
  void aRecordingIsWrittenToItsFile() throws Exception {
    byte[] body = new byte[300_000];
    System.arraycopy(new byte[] {'F', 'L', 'R', 0}, 0, body, 0, 4);
    try (var runner = HostileRunner.answering("200 OK", body)) {
      assertThat(diagnostics.recording(runner.admin(), 1, 1 << 20, file())).isEqualTo(body.length);
      assertThat(Files.readAllBytes(file())).isEqualTo(body);
    }
  }

  private Path file() {
    return temp.resolve("recording.jfr");
  }
}
