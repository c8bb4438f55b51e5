package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.EventStream;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.OwnInstallation;
import dev.paddock.support.Tenancy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runnable jars of the frameworks tenants deploy, built as their guides build them and started as
 * {@code java -jar} would start them, each with the default memory limit: their pages (and Spring
 * Boot's server-sent events and WebSockets) through the edge, and a restart under load that fails
 * no request.
 *
 * <p>A control plane of its own: Spring Boot takes one to two minutes to start in a sandbox on a
 * busy 2-core host, far past the start timeout the other ITs' shared control plane gives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class FrameworksIT {

  private static final OwnInstallation OWN = OwnInstallation.of("frameworks");
  private static final Duration START = Duration.ofMinutes(5);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void paddock(DynamicPropertyRegistry registry) {
    OWN.controlPlane(registry, START);
  }

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  /**
   * An example tenant app: its page, the readiness path Paddock checks when it has one, and the
   * memory limit it is given when the default of 256 MiB is too little for it.
   */
  record Framework(String example, String healthPath, String page, String memory) {
    @Override
    public String toString() {
      return example;
    }
  }

  static Stream<Framework> frameworks() {
    return Stream.of(
        new Framework(
            "spring-boot-4", "/actuator/health/readiness", "Hello from Spring Boot 4\n", null),
        new Framework("spring-boot-3", null, "Hello from Spring Boot 3\n", null),
        new Framework("quarkus", "/q/health/ready", "Hello from Quarkus\n", null),
        new Framework("micronaut", null, "Hello from Micronaut\n", null),
        new Framework("javalin", null, "Hello from Javalin\n", null),
        new Framework("vertx", null, "Hello from Vert.x\n", null),
        new Framework("helidon", null, "Hello from Helidon SE\n", null));
  }

  private static Framework framework(String example) {
    return frameworks().filter(f -> f.example().equals(example)).findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frameworks")
  void anAppOfTheFrameworkServesItsPageThroughTheEdgeAndRestartsWithoutAFailedRequest(
      Framework framework) {
    Tenancy acme =
        Tenancy.create(api(), OWN.admin(), Infrastructure.uniqueName(framework.example()));
    try {
      long started = System.nanoTime();
      deploy(acme, framework);

      restartUnderLoad(acme);
      System.out.printf(
          "%s: deployed and restarted under load in %d s%n",
          framework.example(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
    } finally {
      acme.deleteApp("web", OWN.name());
    }
  }

  @Test
  void aSpringBoot4AppStreamsEventsAndEchoesThroughTheEdgeAndARestartEndsOldStreamsForNewOnes()
      throws Exception {
    Tenancy acme = Tenancy.create(api(), OWN.admin(), Infrastructure.uniqueName("boot4-streams"));
    try {
      deploy(acme, framework("spring-boot-4"));
      try (EventStream old = new EventStream(OWN.edgePort(), acme.host("web"), "/ticks")) {
        assertThat(old.next(3)).containsExactly("tick 1", "tick 2", "tick 3");
        assertThat(echo(acme.host("web"), "hello")).isEqualTo("echo: hello");

        long restart = acme.rollout("web", "restart", "{}");
        assertThat(acme.awaitDeploy("web", restart, START)).isEqualTo("live");

        // httpd may carry a new request over a connection it pooled to the old sandbox for up to
        // its ttl of 2 s; after that every new stream is the new sandbox's.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  try (EventStream fresh =
                      new EventStream(OWN.edgePort(), acme.host("web"), "/ticks")) {
                    assertThat(fresh.sandbox()).isNotEqualTo(old.sandbox());
                    assertThat(fresh.next(1)).containsExactly("tick 1");
                  }
                });
        old.awaitEnd();
        assertThat(echo(acme.host("web"), "again")).isEqualTo("echo: again");
      }
    } finally {
      acme.deleteApp("web", OWN.name());
    }
  }

  private void deploy(Tenancy acme, Framework framework) {
    Map<String, Object> app =
        framework.memory() == null
            ? Map.of("name", "web")
            : Map.of("name", "web", "limits", Map.of("memory", framework.memory()));
    var created = api().post(acme.apps(), acme.token(), app);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    if (framework.healthPath() != null) {
      var check =
          api()
              .put(
                  acme.apps() + "/web/health-check",
                  acme.token(),
                  Map.of("path", framework.healthPath()));
      assertThat(check.status()).as(check.body()).isEqualTo(200);
    }
    long started = System.nanoTime();
    long deploy = acme.uploadAndDeploy("web", Api.example(framework.example()));

    assertThat(acme.awaitDeploy("web", deploy, START)).isEqualTo("live");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(Api.edge(OWN.edgePort(), acme.host("web"), "/").body())
                    .isEqualTo(framework.page()));
    System.out.printf(
        "%s: first 200 through the edge %d ms after the deploy request%n",
        framework.example(), Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private void restartUnderLoad(Tenancy acme) {
    Map<Integer, Long> statuses;
    try (Load load = new Load(OWN.edgePort(), acme.host("web"), "/", 2, Duration.ofMillis(20))) {
      long restart = acme.rollout("web", "restart", "{}");
      assertThat(acme.awaitDeploy("web", restart, START)).isEqualTo("live");
      statuses = load.stop();
    }

    assertThat(statuses).containsOnlyKeys(200);
    assertThat(statuses.get(200)).isPositive();
  }

  /** Sends {@code text} over a WebSocket opened through the edge and returns the first reply. */
  private static String echo(String host, String text) throws Exception {
    CompletableFuture<String> reply = new CompletableFuture<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Host", host)
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(
                URI.create("ws://127.0.0.1:" + OWN.edgePort() + "/echo"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    reply.complete(data.toString());
                    return null;
                  }

                  @Override
                  public void onError(WebSocket webSocket, Throwable error) {
                    reply.completeExceptionally(error);
                  }
                })
            .get(30, TimeUnit.SECONDS);
    try {
      socket.sendText(text, true).get(30, TimeUnit.SECONDS);
      return reply.get(30, TimeUnit.SECONDS);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  private Api api() {
    return new Api(URI.create("http://127.0.0.1:" + port + "/"));
  }
}
