package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theFirstRestartWaitsForNothing() {
    assertThat(backoff.delay()).isZero();
  }

  @Test
  void anHttpdThatKeepsDyingWaitsTwiceAsLongEachTimeUpToTheMaximum() {
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      waits.add(backoff.restarted());
    }

    assertThat(waits)
        .extracting(Duration::toMillis)
        .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L);
  }

  @Test
  void servingForAQuietWhileForgetsTheRestartsBefore() {
    backoff.restarted();
    backoff.restarted();
    backoff.serving(start);
    backoff.serving(start.plusSeconds(60));

    assertThat(backoff.delay()).isZero();
    assertThat(backoff.restarted()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void servingLessThanTheQuietWhileKeepsTheWaitGrowing() {
    backoff.restarted();
    backoff.serving(start);
    backoff.serving(start.plusSeconds(59));

    assertThat(backoff.restarted()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aRestartInBetweenStartsTheQuietWhileAgain() {
    backoff.restarted();
    backoff.serving(start);
    backoff.restarted();
    backoff.serving(start.plusSeconds(60));

    assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(1));
  }
}
