package dev.paddock.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseTest {

  @Test
  void aResponseBuiltAsBeforeHasItsWholeBodyAndNoWriter() {
    Response response = new Response(201, Map.of("X", "y"), "made".getBytes());
    assertNull(response.writer());
    assertArrayEquals("made".getBytes(), response.body());
  }

  @Test
  void anEventStreamIsATwoHundredOfEventStreamThatNoCacheKeeps() {
    Response events = Response.events(stream -> {});
    assertEquals(200, events.status());
    assertEquals("text/event-stream; charset=utf-8", events.headers().get("Content-Type"));
    assertEquals("no-cache", events.headers().get("Cache-Control"));
  }

  @Test
  void eachLineOfAnEventsDataIsADataFieldAndAnEventEndsWithABlankLine() {
    assertEquals(
        "event: price\ndata: one\ndata: two\ndata: \ndata: three\n\n",
        new String(
            ServerSentEvents.format("price", "one\ntwo\r\n\rthree"), StandardCharsets.UTF_8));
    assertEquals(
        "data: \n\n", new String(ServerSentEvents.format(null, ""), StandardCharsets.UTF_8));
  }

  @Test
  void anEventNameWithALineBreakCannotInjectFields() throws Exception {
    Response events = Response.events(stream -> stream.send("x\ndata: forged", "payload"));
    assertThrows(
        IllegalArgumentException.class, () -> events.writer().writeTo(new ByteArrayOutputStream()));
  }

  @Test
  void aSendAfterTheClientWentAwayFailsAndTheStreamSaysItIsClosed() throws Exception {
    var broken =
        new java.io.OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    boolean[] open = new boolean[1];
    Response.events(
            stream -> {
              assertThrows(IOException.class, () -> stream.send("lost"));
              open[0] = stream.isOpen();
              assertThrows(IOException.class, () -> stream.send("again"));
            })
        .writer()
        .writeTo(broken);
    assertEquals(false, open[0]);
  }

  @Test
  void aHeartbeatMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> Response.events(Duration.ZERO, s -> {}));
  }
}
