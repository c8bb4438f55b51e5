package dev.paddock.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ReconcilePropertiesTest {

  private static ReconcileProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("paddock.reconcile", ReconcileProperties.class);
  }

  @Test
  void unsetIntervalsKeepTheReconcilersLongstandingPace() {
    assertThat(bind(Map.of()))
        .isEqualTo(
            new ReconcileProperties(
                Duration.ofSeconds(10),
                Duration.ofMillis(50),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5)));
  }

  @Test
  void eachIntervalBindsFromItsOwnKey() {
    ReconcileProperties set =
        bind(
            Map.of(
                "paddock.reconcile.health-poll", "20ms",
                "paddock.reconcile.edge-settle", "5s",
                "paddock.reconcile.drain-recheck", "250ms",
                "paddock.reconcile.listing-fresh", "1s"));

    assertThat(set.healthPoll()).isEqualTo(Duration.ofMillis(20));
    assertThat(set.edgeSettle()).isEqualTo(Duration.ofSeconds(5));
    assertThat(set.drainRecheck()).isEqualTo(Duration.ofMillis(250));
    assertThat(set.listingFresh()).isEqualTo(Duration.ofSeconds(1));
  }
}
