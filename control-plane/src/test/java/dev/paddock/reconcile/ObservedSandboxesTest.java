package dev.paddock.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxListing;
import dev.paddock.sandbox.SandboxSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * One listing of the installation serves every pass until it is old; an app changed since is listed
 * alone, and only until the next listing of the installation has it.
 */
class ObservedSandboxesTest {

  /** An engine in memory that counts what it was asked. */
  private static final class Engine implements SandboxDriver {
    final List<Sandbox> running = new CopyOnWriteArrayList<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public List<Sandbox> list() {
      asked.add("all");
      return List.copyOf(running);
    }

    @Override
    public List<Sandbox> list(long appId) {
      asked.add("app " + appId);
      return running.stream().filter(s -> s.appId() == appId).toList();
    }

    @Override
    public Sandbox start(SandboxSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Limits> resize(Sandbox sandbox, Limits limits) {
      return Optional.empty();
    }

    @Override
    public void remove(Sandbox sandbox, Duration grace) {
      running.remove(sandbox);
    }
  }

  private final Engine engine = new Engine();

  private ObservedSandboxes observed(Duration fresh) {
    return new ObservedSandboxes(
        engine,
        new SandboxListing(engine),
        new ReconcileProperties(
            Duration.ofSeconds(10),
            Duration.ofMillis(50),
            Duration.ofSeconds(2),
            Duration.ZERO,
            fresh),
        new SimpleMeterRegistry());
  }

  private static Sandbox sandbox(long appId, int n) {
    return new Sandbox(
        "c" + appId + "-" + n,
        "s" + appId + "-" + n,
        appId,
        1,
        1,
        "h",
        n,
        Sandbox.State.RUNNING,
        null,
        Instant.EPOCH);
  }

  @Test
  void passesShareOneListingAndAChangedAppIsListedAloneUntilTheNextListingHasIt() {
    engine.running.addAll(List.of(sandbox(1, 0), sandbox(2, 0), sandbox(3, 0)));
    ObservedSandboxes observed = observed(Duration.ofHours(1));

    assertThat(observed.of(1)).containsExactly(sandbox(1, 0));
    assertThat(observed.of(2)).containsExactly(sandbox(2, 0));
    assertThat(observed.all()).hasSize(3);
    assertThat(engine.asked).containsExactly("all");

    engine.running.add(sandbox(2, 1));
    observed.changed(2);
    assertThat(observed.of(1)).containsExactly(sandbox(1, 0));
    assertThat(observed.of(2)).containsExactly(sandbox(2, 0), sandbox(2, 1));
    assertThat(observed.of(2)).containsExactly(sandbox(2, 0), sandbox(2, 1));
    assertThat(observed.all())
        .containsExactlyInAnyOrder(sandbox(1, 0), sandbox(2, 0), sandbox(2, 1), sandbox(3, 0));
    assertThat(engine.asked).containsExactly("all", "app 2");

    engine.running.remove(sandbox(3, 0));
    observed.changed(3);
    assertThat(observed.all()).doesNotContain(sandbox(3, 0)).hasSize(3);
    assertThat(engine.asked).containsExactly("all", "app 2", "app 3");
  }

  @Test
  void anOldListingIsTakenAgainAndThenServesTheAppsChangedBeforeIt() {
    engine.running.add(sandbox(1, 0));
    ObservedSandboxes observed = observed(Duration.ZERO);
    observed.changed(1);
    engine.running.add(sandbox(1, 1));

    assertThat(observed.of(1)).containsExactly(sandbox(1, 0), sandbox(1, 1));
    assertThat(observed.of(1)).containsExactly(sandbox(1, 0), sandbox(1, 1));
    assertThat(engine.asked).containsExactly("all", "all");
  }
}
