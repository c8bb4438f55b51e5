package dev.paddock.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecoveryPolicyTest {

  private final RecoveryPolicy policy =
      new RecoveryPolicy(
          3,
          Duration.ofSeconds(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(5),
          3,
          Duration.ofMinutes(2));

  @Test
  void theFirstRestartsAreImmediateThenTheDelayDoublesUpToTheCap() {
    assertThat(policy.delay(1)).isZero();
    assertThat(policy.delay(3)).isZero();
    assertThat(policy.delay(4)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delay(5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delay(9)).isEqualTo(Duration.ofSeconds(64));
    assertThat(policy.delay(12)).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.delay(1000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void repeatedCrashesSoonAfterGoingLiveAreACrashLoop() {
    Instant live = Instant.parse("2026-01-01T10:00:00Z");

    assertThat(policy.crashLoopAfterDeploy(3, live, live.plusSeconds(30))).isTrue();
    assertThat(policy.crashLoopAfterDeploy(2, live, live.plusSeconds(30))).isFalse();
    assertThat(policy.crashLoopAfterDeploy(3, live, live.plusSeconds(600))).isFalse();
    assertThat(policy.crashLoopAfterDeploy(3, null, live)).isFalse();
  }

  @Test
  void aSandboxThatRanLongEnoughSinceItsLastCrashIsStable() {
    Instant crash = Instant.parse("2026-01-01T10:00:00Z");

    assertThat(policy.stable(crash, crash.plusSeconds(299))).isFalse();
    assertThat(policy.stable(crash, crash.plusSeconds(300))).isTrue();
    assertThat(policy.stable(null, crash)).isTrue();
  }
}
