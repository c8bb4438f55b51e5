package dev.paddock.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** Reads take turns, as many at a time as there are connections; changes and probes never wait. */
class AdmissionTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger inside = new AtomicInteger();
  private final List<Thread> holders = new ArrayList<>();

  /** A chain that keeps its turn until the test releases it. */
  private final FilterChain holding =
      (request, response) -> {
        inside.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  @AfterEach
  void releaseTheTurns() throws InterruptedException {
    release.countDown();
    for (Thread holder : holders) {
      holder.join();
    }
  }

  private static MockHttpServletRequest call(String method, String path) {
    return new MockHttpServletRequest(method, path);
  }

  private static MockHttpServletResponse pass(
      Admission admission, MockHttpServletRequest request, FilterChain chain) {
    MockHttpServletResponse response = new MockHttpServletResponse();
    try {
      admission.doFilter(request, response, chain);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return response;
  }

  private void takeBothTurns(Admission admission) {
    for (int i = 0; i < 2; i++) {
      holders.add(
          Thread.ofVirtual()
              .start(() -> pass(admission, call("GET", "/api/v1/tenants/acme/apps"), holding)));
    }
    await().until(() -> inside.get() == 2);
  }

  @Test
  void aReadBeyondTheConnectionsWaitsForATurnWhileChangesAndProbesGoStraightIn() throws Exception {
    Admission admission = new Admission(2, Duration.ofMinutes(1), json);
    takeBothTurns(admission);

    AtomicInteger third = new AtomicInteger();
    Thread waiting =
        Thread.ofVirtual()
            .start(
                () ->
                    pass(
                        admission,
                        call("GET", "/api/v1/tenants/acme/apps/web"),
                        (request, response) -> third.incrementAndGet()));
    await().until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
    assertThat(third).hasValue(0);

    AtomicInteger others = new AtomicInteger();
    FilterChain counting = (request, response) -> others.incrementAndGet();
    pass(admission, call("POST", "/api/v1/tenants/acme/apps/web/deploys"), counting);
    pass(admission, call("GET", "/actuator/health/liveness"), counting);
    pass(admission, call("GET", "/index.html"), counting);
    assertThat(others).hasValue(3);

    release.countDown();
    waiting.join();
    assertThat(third).hasValue(1);
  }

  @Test
  void aReadWhoseAnswerHasStartedGivesItsTurnBackWhileItsClientIsStillReading() {
    Admission admission = new Admission(2, Duration.ofMinutes(1), json);
    FilterChain answeringSlowly =
        (request, response) -> {
          response.getOutputStream().write('{');
          holding.doFilter(request, response);
        };
    for (int i = 0; i < 2; i++) {
      holders.add(
          Thread.ofVirtual()
              .start(() -> pass(admission, call("GET", "/api/v1/audit"), answeringSlowly)));
    }
    await().until(() -> inside.get() == 2);

    AtomicInteger third = new AtomicInteger();
    pass(admission, call("GET", "/api/v1/tenants"), (request, response) -> third.incrementAndGet());

    assertThat(third).hasValue(1);
  }

  @Test
  void aReadThatFindsNoTurnInTimeIsToldTheControlPlaneIsBusy() throws Exception {
    Admission admission = new Admission(2, Duration.ofMillis(50), json);
    takeBothTurns(admission);

    MockHttpServletResponse refused =
        pass(admission, call("GET", "/api/v1/tenants/acme/apps"), holding);

    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getContentType()).startsWith("application/problem+json");
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(json.readTree(refused.getContentAsString()).get("type").asString())
        .endsWith("/control-plane-busy");
    assertThat(inside).hasValue(2);
  }
}
