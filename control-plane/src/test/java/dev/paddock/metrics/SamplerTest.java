package dev.paddock.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxReadings;
import dev.paddock.sandbox.Usage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.SimpleTriggerContext;

/**
 * A pass asks the runners one after another over half the interval, not all at once, and no more of
 * them a second than it may.
 */
class SamplerTest {

  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private final Map<String, Long> askedAt = new ConcurrentHashMap<>();

  private final SandboxReadings readings =
      new SandboxReadings() {
        @Override
        public Health probe(Sandbox sandbox) {
          throw new UnsupportedOperationException("a sampler only reads usage");
        }

        @Override
        public Optional<Usage> usage(Sandbox sandbox) {
          askedAt.put(sandbox.id(), System.nanoTime());
          return Optional.of(new Usage(1, 2, 1, 64, 3, 4, null));
        }
      };

  private final Sampler sampler = sampler(INTERVAL, 1000);

  @Test
  void readsEverySandboxWithTheirStartsSpreadOverHalfTheInterval() {
    List<Sandbox> running = IntStream.range(0, 10).mapToObj(SamplerTest::sandbox).toList();
    long begun = System.nanoTime();

    List<Sample> taken = sampler.read(running);

    assertThat(taken).extracting(s -> s.sandbox().id()).containsExactlyElementsOf(ids(running));
    long apart = INTERVAL.toNanos() / 2 / running.size();
    for (int i = 0; i < running.size(); i++) {
      assertThat(askedAt.get(running.get(i).id()) - begun)
          .as("sandbox %d asked no earlier than its turn", i)
          .isGreaterThanOrEqualTo(i * apart);
    }
  }

  @Test
  void startsNoMoreReadingsASecondThanAllowedAndSaysHowOftenEachIsRead() {
    Sampler capped = sampler(Duration.ofMillis(200), 10);
    List<Sandbox> running = IntStream.range(0, 5).mapToObj(SamplerTest::sandbox).toList();
    long begun = System.nanoTime();

    List<Sample> taken = capped.read(running);

    assertThat(taken).hasSize(5);
    for (int i = 0; i < running.size(); i++) {
      assertThat(askedAt.get(running.get(i).id()) - begun)
          .as("sandbox %d asked a tenth of a second after the one before it", i)
          .isGreaterThanOrEqualTo(i * 100_000_000L);
    }
    assertThat(capped.every()).isEqualTo(Duration.ofMillis(500));
    assertThat(sampler.every()).isEqualTo(INTERVAL);
  }

  @Test
  void beginsThePassAfterAnIntervalOrAsTheLastOneEndedNeverToCatchUp() {
    Instant began = Instant.parse("2026-01-01T00:00:00Z");

    assertThat(sampler.next(new SimpleTriggerContext(began, began, began.plusSeconds(1))))
        .as("a pass shorter than the interval")
        .isEqualTo(began.plus(INTERVAL));
    assertThat(sampler.next(new SimpleTriggerContext(began, began, began.plusSeconds(12))))
        .as("a pass of 12 s: the next one as it ended, not the ones a fixed rate missed at once")
        .isEqualTo(began.plusSeconds(12));
  }

  @Test
  void refusesARateBelowOneReadingASecondByTheSettingsName() {
    assertThatThrownBy(() -> sampler(INTERVAL, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("paddock.metrics.readings-per-second must be at least 1, not 0");
  }

  private Sampler sampler(Duration interval, int readingsPerSecond) {
    return new Sampler(
        null,
        readings,
        null,
        null,
        new MetricsProperties(
            interval, Duration.ofHours(1), Duration.ofSeconds(5), readingsPerSecond),
        null,
        Clock.systemUTC(),
        null);
  }

  private static List<String> ids(List<Sandbox> sandboxes) {
    return sandboxes.stream().map(Sandbox::id).toList();
  }

  private static Sandbox sandbox(int n) {
    return new Sandbox(
        "id-" + n,
        "sandbox-" + n,
        n,
        1,
        1,
        "spec",
        0,
        Sandbox.State.RUNNING,
        URI.create("http://localhost:9000"),
        Instant.now());
  }
}
