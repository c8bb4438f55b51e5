package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminHttpTest {

  private final AtomicInteger answered = new AtomicInteger();
  private AdminHttp server;

  @BeforeEach
  void start() throws IOException {
    server =
        AdminHttp.start(
            0,
            exchange -> {
              answered.incrementAndGet();
              exchange.send(200, "text/plain", exchange.path() + "?" + exchange.query());
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theControlPlanesClientKeepsOneConnectionForManyRequests() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> reply =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/pressure?wait=" + i))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, reply.statusCode());
      assertEquals("/pressure?wait=" + i, reply.body());
      assertEquals("no-store", reply.headers().firstValue("Cache-Control").orElseThrow());
    }
  }

  @Test
  void twoRequestsInOneWriteAreAnsweredInTurn() throws IOException {
    String replies =
        exchange("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertTrue(replies.indexOf("/a?null") < replies.indexOf("/b?null"), replies);
    assertTrue(replies.contains("Connection: close"), replies);
  }

  @Test
  void aRequestWithABodyIsRefusedAndItsBodyNeverReadAsARequest() throws IOException {
    String replies =
        exchange("POST /x HTTP/1.1\r\nContent-Length: 24\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n");
    assertTrue(replies.startsWith("HTTP/1.1 400 "), replies);
    assertEquals(0, answered.get());
  }

  @Test
  void aHeadPastItsBoundIsRefusedAndClosed() throws IOException {
    String replies =
        exchange("GET / HTTP/1.1\r\nX: " + "a".repeat(AdminHttp.MAX_HEAD) + "\r\n\r\n");
    assertTrue(replies.startsWith("HTTP/1.1 431 "), replies);
    assertEquals(0, answered.get());
  }

  @Test
  void anythingButHttpOneIsRefused() throws IOException {
    assertTrue(exchange("GET / SPDY/3\r\n\r\n").startsWith("HTTP/1.1 400 "));
    assertTrue(exchange("GET nothing HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 400 "));
    assertTrue(exchange("GET /a b HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 400 "));
    assertEquals(0, answered.get());
  }

  @Test
  void connectionsPastTheBoundAreClosedAtOnceAndTheOthersStillServed() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < AdminHttp.MAX_CONNECTIONS; i++) {
        held.add(new Socket("127.0.0.1", server.port()));
      }
      // The first ones are taken: one request on one of them is answered.
      OutputStream first = held.get(0).getOutputStream();
      first.write("GET /one HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(read(held.get(0).getInputStream(), "/one?null").contains("200 OK"));
      try (Socket extra = new Socket("127.0.0.1", server.port())) {
        extra.setSoTimeout(5_000);
        assertEquals(-1, extra.getInputStream().read());
      }
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  /** Writes the bytes, then reads until the server closes. */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static String read(InputStream in, String until) throws IOException {
    StringBuilder text = new StringBuilder();
    while (!text.toString().contains(until)) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
    }
    return text.toString();
  }
}
