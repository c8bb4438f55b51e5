package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchTest {

  private static final byte[] JAR = "not really a jar, but bytes all the same".getBytes();

  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger failuresLeft = new AtomicInteger();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/artifacts/good",
        exchange -> {
          try (exchange) {
            if (failuresLeft.getAndDecrement() > 0) {
              exchange.sendResponseHeaders(503, -1);
              return;
            }
            exchange.sendResponseHeaders(200, JAR.length);
            exchange.getResponseBody().write(JAR);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aJarWithTheExpectedDigestIsWrittenToTheTarget() throws Exception {
    Path target = dir.resolve("app.jar");

    long size = Fetch.fetch(url("/artifacts/good?signature=s"), sha256(JAR), target, Duration.ZERO);

    assertEquals(JAR.length, size);
    assertArrayEquals(JAR, Files.readAllBytes(target));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void aJarWithAnotherDigestIsRefusedAndNothingIsWritten() throws Exception {
    Path target = dir.resolve("app.jar");
    String expected = sha256("another jar".getBytes(StandardCharsets.UTF_8));

    var e =
        assertThrows(
            Fetch.FetchException.class,
            () -> Fetch.fetch(url("/artifacts/good"), expected, target, Duration.ZERO));

    assertTrue(e.getMessage().contains("expected " + expected), e.getMessage());
    assertFalse(Files.exists(target));
  }

  @Test
  void aRefusedLinkFailsAtOnceWithoutItsQuery() {
    var e =
        assertThrows(
            Fetch.FetchException.class,
            () ->
                Fetch.fetch(
                    url("/artifacts/missing?signature=secret"),
                    sha256(JAR),
                    dir.resolve("app.jar"),
                    Duration.ZERO));

    assertTrue(e.getMessage().contains("answered 404"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void aServerErrorIsRetried() throws Exception {
    failuresLeft.set(2);
    Path target = dir.resolve("app.jar");

    Fetch.fetch(url("/artifacts/good"), sha256(JAR), target, Duration.ZERO);

    assertArrayEquals(JAR, Files.readAllBytes(target));
  }

  @Test
  void aServerThatKeepsFailingFailsAfterTheLastAttempt() {
    failuresLeft.set(Fetch.ATTEMPTS);

    var e =
        assertThrows(
            Fetch.FetchException.class,
            () ->
                Fetch.fetch(url("/artifacts/good"), sha256(JAR), dir.resolve("a"), Duration.ZERO));

    assertTrue(e.getMessage().contains("answered 503"), e.getMessage());
  }

  private URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
