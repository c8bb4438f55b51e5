package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A periodic task that hangs holds back no other. */
class PeriodicWorkTest {

  @Test
  void aTaskThatHangsLeavesTheOthersRunning() throws InterruptedException {
    var scheduler = new PeriodicWork().taskScheduler();
    scheduler.initialize();
    var release = new CountDownLatch(1);
    var hung = new CountDownLatch(1);
    var runs = new AtomicInteger();
    try {
      scheduler.scheduleWithFixedDelay(
          () -> {
            hung.countDown();
            awaitQuietly(release);
          },
          Duration.ofMillis(10));
      hung.await();

      scheduler.scheduleWithFixedDelay(runs::incrementAndGet, Duration.ofMillis(10));

      await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 5);
      assertThat(release.getCount()).isEqualTo(1);
    } finally {
      release.countDown();
      scheduler.shutdown();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
