package dev.paddock.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiagnosticTurnsTest {

  private final DiagnosticTurns turns = new DiagnosticTurns();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger running = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void releaseAll() throws InterruptedException {
    release.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
  }

  @Test
  void aTenantGetsTwoAtATimeAndTheOthersGoOn() {
    hold(1);
    hold(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);

    assertThatThrownBy(() -> turns.take(1, () -> "third"))
        .isInstanceOf(DiagnosticTurns.TooManyDiagnosticsException.class)
        .hasMessageContaining("2 at a time per tenant");
    assertThat(turns.take(2, () -> "another tenant's")).isEqualTo("another tenant's");
  }

  @Test
  void theControlPlaneRunsEightAtMostAndATurnEndsWithItsWork() {
    for (long tenant = 1; tenant <= 4; tenant++) {
      hold(tenant);
      hold(tenant);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == DiagnosticTurns.IN_ALL);

    assertThatThrownBy(() -> turns.take(5, () -> "ninth"))
        .isInstanceOf(DiagnosticTurns.TooManyDiagnosticsException.class);
    assertThatThrownBy(
            () ->
                turns.take(
                    6,
                    () -> {
                      throw new IllegalStateException("failed work");
                    }))
        .isInstanceOf(DiagnosticTurns.TooManyDiagnosticsException.class);

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 0);
    assertThat(turns.take(5, () -> "now")).isEqualTo("now");
  }

  private void hold(long tenant) {
    threads.add(
        Thread.ofVirtual()
            .start(
                () ->
                    turns.take(
                        tenant,
                        () -> {
                          running.incrementAndGet();
                          try {
                            release.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          } finally {
                            running.decrementAndGet();
                          }
                          return null;
                        })));
  }
}
