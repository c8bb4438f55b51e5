package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.EventStream;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Server-sent events and WebSockets through the edge, held open across a redeploy: new connections
 * reach the new release, and the old sandbox's drain ends the open ones cleanly at its timeout (an
 * event stream with its last chunk, a WebSocket with close code 1001) instead of cutting them.
 */
class LongLivedConnectionsIT extends InProcessPaddock {

  private static final Duration END = Duration.ofSeconds(30);

  @Test
  void aHandlersEventStreamArrivesAsSentAndARedeployEndsItCleanlyWhileNewStreamsReachTheNewRelease()
      throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("sse"));
    acme.createApp("web");
    try {
      assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", handlerJar())))
          .isEqualTo("live");
      try (EventStream old = new EventStream(EDGE_PORT, acme.host("web"), "/events")) {
        assertThat(old.next(3))
            .containsExactly("release 1 tick 1", "release 1 tick 2", "release 1 tick 3");

        assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", handlerJar())))
            .isEqualTo("live");
        long live = System.nanoTime();
        awaitNewStreamsFrom(acme, "/events", "release 2 tick 1");
        List<String> rest = old.rest(END);
        System.out.printf(
            "handler: the old event stream ended %d ms after the new release was live%n",
            Duration.ofNanos(System.nanoTime() - live).toMillis());
        assertThat(rest).isNotEmpty().allMatch(event -> event.startsWith("release 1 tick "));
      }
    } finally {
      acme.deleteApp("web", INSTALLATION);
    }
  }

  @Test
  void aRunnableJarsWebSocketGetsCloseCode1001AndItsEventStreamItsLastChunkFromARedeploy()
      throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("ws"));
    acme.createApp("web");
    try {
      assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("javalin"))))
          .isEqualTo("live");
      try (Socket old = new Socket(acme.host("web"));
          EventStream ticks = new EventStream(EDGE_PORT, acme.host("web"), "/ticks")) {
        assertThat(old.ask("hello")).isEqualTo("release 1 echo: hello");
        assertThat(ticks.next(2)).containsExactly("release 1 tick 1", "release 1 tick 2");

        assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("javalin"))))
            .isEqualTo("live");
        long live = System.nanoTime();
        await()
            .atMost(END)
            .untilAsserted(
                () -> {
                  try (Socket fresh = new Socket(acme.host("web"))) {
                    assertThat(fresh.ask("again")).isEqualTo("release 2 echo: again");
                  }
                });
        assertThat(old.closed().get(END.toSeconds(), TimeUnit.SECONDS))
            .isEqualTo("1001 going away");
        System.out.printf(
            "javalin: the old WebSocket got 1001 %d ms after the new release was live%n",
            Duration.ofNanos(System.nanoTime() - live).toMillis());
        assertThat(ticks.rest(END)).allMatch(event -> event.startsWith("release 1 tick "));
        System.out.printf(
            "javalin: the old event stream ended %d ms after the new release was live%n",
            Duration.ofNanos(System.nanoTime() - live).toMillis());
        awaitNewStreamsFrom(acme, "/ticks", "release 2 tick 1");
      }
    } finally {
      acme.deleteApp("web", INSTALLATION);
    }
  }

  private static java.nio.file.Path handlerJar() {
    return Api.example("hello-handler");
  }

  @Test
  void aWebSocketOpenedToASleepingAppIsHeldWhileItWakesThenServedByTheWokenSandbox()
      throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("wsleep"));
    acme.createApp("web");
    try {
      assertThat(acme.awaitDeploy("web", acme.uploadAndDeploy("web", Api.example("javalin"))))
          .isEqualTo("live");
      var idle = api().put(acme.apps() + "/web/idle", acme.token(), Map.of("sleepAfter", "PT2S"));
      assertThat(idle.status()).as(idle.body()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  acme.app("web").text("status").equals("asleep")
                      && Infrastructure.containersOf(INSTALLATION).stream()
                          .noneMatch(
                              c -> acme.tenant().equals(c.getLabels().get("paddock.tenant"))));

      long opened = System.nanoTime();
      try (Socket socket = new Socket(acme.host("web"))) {
        assertThat(socket.ask("awake?")).isEqualTo("release 1 echo: awake?");
        System.out.printf(
            "javalin: a WebSocket opened to the sleeping app echoed %d ms later%n",
            Duration.ofNanos(System.nanoTime() - opened).toMillis());
        assertThat(socket.ask("still there")).isEqualTo("release 1 echo: still there");
      }
      assertThat(acme.app("web").text("status")).isEqualTo("running");
    } finally {
      acme.deleteApp("web", INSTALLATION);
    }
  }

  /**
   * httpd may carry a new request over a connection it pooled to the old sandbox for up to its ttl
   * of 2 s; after that every new stream is the new release's.
   */
  private static void awaitNewStreamsFrom(Tenancy acme, String path, String first) {
    await()
        .atMost(END)
        .untilAsserted(
            () -> {
              try (EventStream fresh = new EventStream(EDGE_PORT, acme.host("web"), path)) {
                assertThat(fresh.next(1)).containsExactly(first);
              }
            });
  }

  /** A WebSocket opened through the edge to {@code /echo}, with how it was closed. */
  private static final class Socket implements AutoCloseable {
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;

    Socket(String host) throws Exception {
      socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header("Host", host)
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + EDGE_PORT + "/echo"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(
                        WebSocket webSocket, CharSequence data, boolean last) {
                      replies.add(data.toString());
                      webSocket.request(1);
                      return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(
                        WebSocket webSocket, int statusCode, String reason) {
                      closed.complete(statusCode + " " + reason);
                      return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                      closed.completeExceptionally(error);
                    }
                  })
              .get(30, TimeUnit.SECONDS);
    }

    String ask(String text) throws Exception {
      socket.sendText(text, true).get(30, TimeUnit.SECONDS);
      String reply = replies.poll(30, TimeUnit.SECONDS);
      if (reply == null) {
        throw new UncheckedIOException(new java.io.IOException("no reply to " + text));
      }
      return reply;
    }

    CompletableFuture<String> closed() {
      return closed;
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}
