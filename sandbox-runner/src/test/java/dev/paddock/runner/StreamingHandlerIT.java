package dev.paddock.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.paddock.fixture.StreamingFixture;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler jar's streamed responses and server-sent events, read over the sandbox's socket. */
class StreamingHandlerIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration DRAIN = Duration.ofSeconds(2);
  private static final String LAST_CHUNK = "\r\n0\r\n\r\n";

  @TempDir Path dir;

  private final CountDownLatch release = new CountDownLatch(1);
  private Path socket;
  private int adminPort;
  private Sandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    System.getProperties().put(StreamingFixture.RELEASE, release);
    Path jar =
        TestJars.write(
            dir.resolve("streaming.jar"),
            Map.of("Paddock-Handler", StreamingFixture.class.getName()),
            StreamingFixture.class);
    socket = dir.resolve("app.sock");
    adminPort = RawHttp.freePort();
    RunnerConfig config =
        new RunnerConfig(
            jar,
            List.of(),
            RawHttp.freePort(),
            Optional.of(socket),
            adminPort,
            DRAIN,
            Optional.empty(),
            Duration.ofSeconds(1),
            Map.of());
    sandbox = SandboxRunner.start(config);
    await()
        .atMost(DEADLINE)
        .ignoreExceptions()
        .until(() -> RawHttp.get(adminPort, "/health").status() == 200);
  }

  @AfterEach
  void stop() {
    release.countDown();
    sandbox.close();
    System.getProperties().remove(StreamingFixture.RELEASE);
  }

  @Test
  void aStreamedBodyArrivesChunkByChunkAsWrittenPastTheRequestTimeoutAndEndsWithItsLastChunk()
      throws Exception {
    try (Stream stream = Stream.open(socket, "/stream")) {
      stream.awaitBody("part 1\n");
      assertTrue(stream.text().contains("Transfer-Encoding: chunked"), stream.text());
      assertFalse(stream.text().contains("part 2"));
      // Longer than the request timeout of 1 s: it bounds the handler's answer, not its stream.
      await().during(Duration.ofMillis(1500)).atMost(DEADLINE).until(() -> !stream.ended());
      release.countDown();
      stream.awaitText("part 2\n" + LAST_CHUNK);
      assertTrue(stream.text().endsWith("part 2\n" + LAST_CHUNK), stream.text());
    }
  }

  @Test
  void aHandlerThatFailsMidStreamCutsTheResponseWithoutALastChunk() throws Exception {
    try (Stream stream = Stream.open(socket, "/broken")) {
      stream.awaitEnd();
      assertTrue(stream.text().contains("part 1\n"), stream.text());
      assertFalse(stream.text().endsWith(LAST_CHUNK), stream.text());
    }
  }

  @Test
  void eventsArriveAsSentWithAHeartbeatWhileQuietAndAClientThatLeavesInterruptsTheHandler()
      throws Exception {
    try (Stream stream = Stream.open(socket, "/events")) {
      stream.awaitBody("data: first\n\nevent: greeting\ndata: line 1\ndata: line 2\n\n");
      assertTrue(stream.text().contains("Content-Type: text/event-stream"), stream.text());
      assertTrue(stream.text().contains("Cache-Control: no-cache"), stream.text());
      stream.awaitBody("line 2\n\n:\n\n");
    }
    await().atMost(DEADLINE).until(() -> RawHttp.get(socket, "/interrupted").body().equals("1"));
  }

  @Test
  void aDrainEndsAnOpenEventStreamWithItsLastChunkAtTheDrainTimeout() throws Exception {
    try (Stream stream = Stream.open(socket, "/events")) {
      stream.awaitBody("data: first\n\n");
      long started = System.nanoTime();
      CompletableFuture<Void> drain =
          CompletableFuture.runAsync(sandbox::drain, Executors.newVirtualThreadPerTaskExecutor());
      stream.awaitEnd();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertTrue(stream.text().endsWith(":\n\n" + LAST_CHUNK), stream.text());
      // Kept open for the drain timeout, not cut at once.
      assertTrue(took.compareTo(DRAIN.minusMillis(500)) > 0, took.toString());
      drain.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** One request over the Unix socket whose response is read as it arrives, raw. */
  private static final class Stream implements AutoCloseable {
    private final SocketChannel channel;
    private final StringBuffer text = new StringBuffer();
    private final CompletableFuture<Void> end = new CompletableFuture<>();

    private Stream(SocketChannel channel) {
      this.channel = channel;
      Thread.ofVirtual().start(this::read);
    }

    static Stream open(Path socket, String path) throws IOException {
      SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
      String request = "GET " + path + " HTTP/1.1\r\nHost: app\r\n\r\n";
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      return new Stream(channel);
    }

    private void read() {
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      try {
        while (channel.read(buffer) >= 0) {
          text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
          buffer.clear();
        }
      } catch (IOException closed) {
        // the end, as far as the test is concerned
      }
      end.complete(null);
    }

    void awaitText(String part) {
      await().atMost(DEADLINE).untilAsserted(() -> assertTrue(text().contains(part), text()));
    }

    String text() {
      return text.toString();
    }

    boolean ended() {
      return end.isDone();
    }

    /**
     * The body received so far, its chunked coding taken off; a chunk still arriving is left out.
     */
    String body() {
      String all = text();
      StringBuilder body = new StringBuilder();
      int at = all.indexOf("\r\n\r\n") + 4;
      while (at > 3) {
        int line = all.indexOf("\r\n", at);
        if (line < 0) {
          break;
        }
        int size = Integer.parseInt(all.substring(at, line), 16);
        // A chunk's closing CRLF goes out with the next chunk's head.
        if (size == 0 || line + 2 + size > all.length()) {
          break;
        }
        body.append(all, line + 2, line + 2 + size);
        at = line + 2 + size + 2;
      }
      return body.toString();
    }

    void awaitBody(String part) {
      await().atMost(DEADLINE).untilAsserted(() -> assertTrue(body().contains(part), text()));
    }

    void awaitEnd() throws Exception {
      end.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
