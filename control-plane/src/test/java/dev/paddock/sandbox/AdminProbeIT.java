package dev.paddock.sandbox;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A runner whose admin port its tenant took over costs the control plane one missing reading:
 * whatever it sends, or does not, a probe ends within its deadline, having read a few KiB.
 */
class AdminProbeIT {

  private static final Duration DEADLINE = Duration.ofSeconds(2);
  // Far past the deadline, for a loaded machine; a probe that hangs never gets here.
  private static final Duration GENEROUS = Duration.ofSeconds(30);
  private static final byte[] ZEROS = new byte[64 * 1024];

  private final AdminProbe probe = new AdminProbe(DEADLINE);

  @Test
  void aRunnerThatSendsHeadersAndThenNothingHasNoReadingAndIsNotHealthy() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "200 OK", "Content-Length: 100");
              never.await();
            })) {
      assertThat(assertTimeoutPreemptively(GENEROUS, () -> probe.metrics(runner.admin()))).isNull();
      assertThat(assertTimeoutPreemptively(GENEROUS, () -> probe.check(runner.admin())))
          .isInstanceOf(Health.Starting.class);
    }
  }

  @Test
  void aRunnerThatSendsABodyWithoutEndIsCutOffAfterAFewKibibytes() throws Exception {
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "200 OK", "Transfer-Encoding: chunked");
              while (true) {
                out.write("%x\r\n".formatted(ZEROS.length).getBytes(US_ASCII));
                out.write(ZEROS);
                out.write("\r\n".getBytes(US_ASCII));
              }
            })) {
      assertThat(assertTimeoutPreemptively(GENEROUS, () -> probe.metrics(runner.admin()))).isNull();
      await().atMost(GENEROUS).until(runner::hungUp);
      assertSentLittle(runner);
    }
  }

  @Test
  void aRunnerThatDeclaresEightGigabytesIsReadNoFurtherThanTheLimit() throws Exception {
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "200 OK", "Content-Length: 8000000000");
              while (true) {
                out.write(ZEROS);
              }
            })) {
      assertThat(assertTimeoutPreemptively(GENEROUS, () -> probe.metrics(runner.admin()))).isNull();
      await().atMost(GENEROUS).until(runner::hungUp);
      assertSentLittle(runner);
    }
  }

  @Test
  void aRunnerThatTricklesItsBodyIsCutOffAtTheDeadline() throws Exception {
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "503 Service Unavailable", "Content-Length: 1000000");
              while (true) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
              }
            })) {
      assertThat(assertTimeoutPreemptively(GENEROUS, () -> probe.check(runner.admin())))
          .isInstanceOf(Health.Starting.class);
      await().atMost(GENEROUS).until(runner::hungUp);
    }
  }

  @Test
  void aLongHealthReplyBecomesAShortDetailOnOneLine() throws Exception {
    String said = "not yet\n\u001b[31m" + "because ".repeat(100_000);
    byte[] body = said.getBytes(US_ASCII);
    try (var runner = HostileRunner.answering("503 Service Unavailable", body)) {
      Health health = probe.check(runner.admin());

      assertThat(health).isInstanceOf(Health.Starting.class);
      String detail = ((Health.Starting) health).detail();
      assertThat(detail)
          .startsWith("not yet\\n\\u001b[31mbecause")
          .hasSizeLessThan(AdminProbe.DETAIL_LENGTH + 100);
      assertThat(detail).doesNotContain("\n", "\u001b");
    }
  }

  @Test
  void aStartingRunnersOwnWordsBecomeTheDetail() throws Exception {
    byte[] body =
        """
        {"status":"STARTING","detail":"port 8080 accepts connections, but GET / got no \\"HTTP\\" answer"}"""
            .getBytes(US_ASCII);
    try (var runner = HostileRunner.answering("503 Service Unavailable", body)) {
      assertThat(probe.check(runner.admin()))
          .isEqualTo(
              new Health.Starting(
                  "port 8080 accepts connections, but GET / got no \"HTTP\" answer"));
    }
  }

  @Test
  void aRunnerThatAnswersAsItShouldGivesItsFigures() throws Exception {
    byte[] body =
        """
        {"heapUsed":1,"heapAfterGc":2,"heapMax":3,"threads":4,"requests":5,"uptimeMillis":6}"""
            .getBytes(US_ASCII);
    try (var runner = HostileRunner.answering("200 OK", body)) {
      assertThat(probe.metrics(runner.admin())).isEqualTo(new Usage.Jvm(1, 2, 3, 4, 5, 6, 0));
      assertThat(probe.check(runner.admin())).isEqualTo(new Health.Up());
    }
  }

  @Test
  void aPressureAskToARunnerThatNeverAnswersEndsAtItsWaitPlusTheDeadline() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (var runner = new HostileRunner(out -> never.await())) {
      assertThat(
              assertTimeoutPreemptively(
                  GENEROUS,
                  () ->
                      probe.pressure(
                          runner.admin(), Duration.ofSeconds(5), 25, Duration.ofSeconds(1))))
          .isNull();
    }
  }

  @Test
  void aPressureReplyWithoutEndIsCutOffAfterSixteenKibibytes() throws Exception {
    try (var runner =
        new HostileRunner(
            out -> {
              HostileRunner.headers(out, "200 OK", "Content-Length: 8000000000");
              out.write("{\"trend\":[".getBytes(US_ASCII));
              while (true) {
                out.write("[1,2],".repeat(10_000).getBytes(US_ASCII));
              }
            })) {
      assertThat(
              assertTimeoutPreemptively(
                  GENEROUS, () -> probe.pressure(runner.admin(), Duration.ZERO, 0, Duration.ZERO)))
          .isNull();
      await().atMost(GENEROUS).until(runner::hungUp);
      assertSentLittle(runner);
    }
  }

  @Test
  void aPressureReplyOfGarbageIsNoReadingAndATrendIsKeptToItsBound() throws Exception {
    try (var garbage = answering("not json at all {")) {
      assertThat(probe.pressure(garbage.admin(), Duration.ZERO, 0, Duration.ZERO)).isNull();
    }
    String points = "[1,2],".repeat(1000);
    try (var long_ =
        answering(
            "{\"heapAfterGc\":5,\"heapMax\":10,\"bytesPerSecond\":1,\"exhaustionMillis\":-1,"
                + "\"readyMillis\":900,\"trend\":["
                + points
                + "[3,4]]}")) {
      HeapPressure pressure = probe.pressure(long_.admin(), Duration.ZERO, 0, Duration.ZERO);
      assertThat(pressure.trend()).hasSize(HeapPressure.TREND_POINTS);
      assertThat(pressure.exhaustion()).isNull();
      assertThat(pressure.ready()).isEqualTo(Duration.ofMillis(900));
      assertThat(pressure.heapAfterGc()).isEqualTo(5);
    }
  }

  private static HostileRunner answering(String body) throws IOException {
    return HostileRunner.answering("200 OK", body.getBytes(US_ASCII));
  }

  /** What got out before the connection closed: socket buffers' worth, not the body. */
  private static void assertSentLittle(HostileRunner runner) {
    assertThat(runner.written()).isLessThan(64L << 20);
  }
}
