package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {

  @Test
  void emptyEnvironmentGivesTheDocumentedDefaults() {
    RunnerConfig config = RunnerConfig.from(Map.of(), List.of());

    assertEquals(Path.of("/app/app.jar"), config.jar());
    assertEquals(8080, config.port());
    assertEquals(Optional.empty(), config.socket());
    assertEquals(9000, config.adminPort());
    assertEquals(Duration.ofSeconds(10), config.drainTimeout());
    assertEquals(List.of(), config.appArgs());
  }

  @Test
  void environmentAndArgumentsAreRead() {
    RunnerConfig config =
        RunnerConfig.from(
            Map.of(
                "PORT", "8081",
                "PADDOCK_SOCKET", "/run/paddock/i1.sock",
                "PADDOCK_ADMIN_PORT", "9001",
                "PADDOCK_DRAIN_TIMEOUT", "PT2.5S",
                "PADDOCK_TENANT", "acme"),
            List.of("/srv/app.jar", "--verbose"));

    assertEquals(Path.of("/srv/app.jar"), config.jar());
    assertEquals(List.of("--verbose"), config.appArgs());
    assertEquals(8081, config.port());
    assertEquals(Optional.of(Path.of("/run/paddock/i1.sock")), config.socket());
    assertEquals(9001, config.adminPort());
    assertEquals(Duration.ofMillis(2500), config.drainTimeout());
    assertEquals("acme", config.labels().get("tenant"));
    assertEquals("-", config.labels().get("app"));
  }

  @Test
  void drainTimeoutIsSecondsOrIso8601() {
    assertEquals(Duration.ofSeconds(10), RunnerConfig.parseDuration("10"));
    assertEquals(Duration.ofSeconds(7), RunnerConfig.parseDuration(" 7s "));
    assertEquals(Duration.ZERO, RunnerConfig.parseDuration("0"));
    assertEquals(Duration.ofMinutes(1), RunnerConfig.parseDuration("PT1M"));
    assertEquals(Duration.ofMillis(500), RunnerConfig.parseDuration("pt0.5s"));
  }

  @Test
  void malformedOrNegativeDrainTimeoutIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RunnerConfig.parseDuration("soon"));
    assertThrows(IllegalArgumentException.class, () -> RunnerConfig.parseDuration("10m"));
    assertThrows(IllegalArgumentException.class, () -> RunnerConfig.parseDuration("PT-1S"));
  }

  @Test
  void portOutsideTheTcpRangeIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RunnerConfig.from(Map.of("PORT", "70000"), List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> RunnerConfig.from(Map.of("PADDOCK_ADMIN_PORT", "admin"), List.of()));
  }

  @Test
  void relativeSocketPathIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RunnerConfig.from(Map.of("PADDOCK_SOCKET", "app.sock"), List.of()));
  }
}
