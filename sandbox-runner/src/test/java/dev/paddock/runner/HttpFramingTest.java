package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Scans connections recorded from the JDK's HTTP server (and RFC 6455's handshake), each cut in two
 * at every position, as reads would cut them: the messages found never depend on the cut.
 */
class HttpFramingTest {

  private static final Pattern REQUEST_LINE = Pattern.compile("[A-Z]{3,} /\\S* HTTP/1\\.1\r\n");
  private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] \\d{3} ");

  /** Where a scan stopped at each event (just past start lines, messages), in the recording. */
  record Scan(List<Integer> starts, List<Integer> ends, long completed, boolean tunnel) {}

  @Test
  void keepAliveRequestsAndResponsesEndWhereTheNextBegins() {
    Scan requests = everySplit("keep-alive.request", name -> new RequestFraming());
    Scan responses = everySplit("keep-alive.response", HttpFramingTest::answering);

    assertEquals(messageStarts("keep-alive.request", REQUEST_LINE, 6), requests.ends());
    assertEquals(messageStarts("keep-alive.response", STATUS_LINE, 6), responses.ends());
    assertEquals(6, responses.completed());
  }

  @Test
  void chunkedBodiesEndAfterTheirLastChunk() {
    Scan requests = everySplit("chunked.request", name -> new RequestFraming());
    Scan responses = everySplit("chunked.response", HttpFramingTest::answering);

    assertEquals(messageStarts("chunked.request", REQUEST_LINE, 2), requests.ends());
    assertEquals(messageStarts("chunked.response", STATUS_LINE, 2), responses.ends());
  }

  @Test
  void trailerFieldsBelongToTheMessageTheyEnd() {
    Scan responses = everySplit("trailer.response", HttpFramingTest::answering);

    assertEquals(messageStarts("trailer.response", STATUS_LINE, 2), responses.ends());
  }

  @Test
  void anInterimResponseLeavesTheRequestUnanswered() {
    Scan responses = everySplit("continue.response", HttpFramingTest::answering);

    assertEquals(List.of(bytes("continue.response").length), responses.ends());
    assertEquals(
        List.of(
            "HTTP/1.1 100 Continue\r\n".length(), indexOfFinal() + "HTTP/1.1 200 OK\r\n".length()),
        responses.starts());
    assertEquals(1, responses.completed());
  }

  @Test
  void switchingProtocolsTurnsBothDirectionsIntoATunnel() {
    Scan responses = everySplit("upgrade.response", HttpFramingTest::answering);

    assertEquals(List.of(), responses.ends());
    assertTrue(responses.tunnel());
    RequestFraming requests = new RequestFraming();
    ResponseFraming framing = new ResponseFraming(requests);
    scan(requests, bytes("upgrade.request"), 0);
    scan(framing, bytes("upgrade.response"), 0);
    assertTrue(requests.tunnel());
  }

  @Test
  void aResponseWithoutLengthLastsUntilTheAppCloses() {
    Scan responses = everySplit("until-close.response", HttpFramingTest::answering);

    assertEquals(List.of(), responses.ends());
    assertEquals(0, responses.completed());
    assertFalse(responses.tunnel());
  }

  @Test
  void aHeadResponseHasNoBodyWhateverItsContentLength() {
    RequestFraming requests = new RequestFraming();
    ResponseFraming responses = new ResponseFraming(requests);
    scan(requests, ascii("HEAD / HTTP/1.1\r\nHost: app\r\n\r\n"), 0);

    String head = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n";

    Scan scan = scan(responses, ascii(head), 0);

    assertEquals(List.of(head.length()), scan.ends());
  }

  @Test
  void framingItCannotReadMakesATunnel() {
    for (String request :
        List.of(
            "POST / HTTP/1.1\r\nContent-Length: twelve\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\n",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            "not http at all\r\n")) {
      RequestFraming framing = new RequestFraming();

      Scan scan = scan(framing, ascii(request), 0);

      assertTrue(scan.tunnel(), request);
      assertFalse(framing.betweenMessages(), request);
    }
  }

  @Test
  void aConnectionIsBetweenMessagesOnlyWhenNoRequestHasBegun() {
    RequestFraming framing = new RequestFraming();
    assertTrue(framing.betweenMessages());

    scan(framing, ascii("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\no"), 0);
    assertFalse(framing.betweenMessages());
    scan(framing, ascii("k"), 0);
    assertTrue(framing.betweenMessages());
  }

  /** Scans the recording whole, then cut at every position, and checks all scans agree. */
  private static Scan everySplit(String name, Function<String, HttpFraming> framing) {
    byte[] bytes = bytes(name);
    Scan whole = scan(framing.apply(name), bytes, bytes.length);
    for (int cut = 0; cut < bytes.length; cut++) {
      assertEquals(whole, scan(framing.apply(name), bytes, cut), name + " cut at " + cut);
    }
    assertEquals(whole, scanByteByByte(framing.apply(name), bytes), name + " byte by byte");
    return whole;
  }

  /** A response scanner whose requests are those recorded with the responses, already sent. */
  private static HttpFraming answering(String responses) {
    RequestFraming requests = new RequestFraming();
    byte[] sent = bytes(responses.replace(".response", ".request"));
    scan(requests, sent, sent.length);
    return new ResponseFraming(requests);
  }

  private static Scan scan(HttpFraming framing, byte[] bytes, int cut) {
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    feed(framing, ByteBuffer.wrap(bytes, 0, cut).slice(), 0, starts, ends);
    feed(framing, ByteBuffer.wrap(bytes, cut, bytes.length - cut).slice(), cut, starts, ends);
    return new Scan(starts, ends, framing.completed(), framing.tunnel());
  }

  private static Scan scanByteByByte(HttpFraming framing, byte[] bytes) {
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    for (int at = 0; at < bytes.length; at++) {
      feed(framing, ByteBuffer.wrap(bytes, at, 1).slice(), at, starts, ends);
    }
    return new Scan(starts, ends, framing.completed(), framing.tunnel());
  }

  private static void feed(
      HttpFraming framing, ByteBuffer read, int offset, List<Integer> starts, List<Integer> ends) {
    int at = 0;
    while (at < read.limit()) {
      at = framing.scan(read, at, read.limit());
      switch (framing.event()) {
        case START_LINE -> starts.add(offset + at);
        case MESSAGE_END -> ends.add(offset + at);
        default -> {}
      }
    }
  }

  /** Where each message after the first begins, and the recording's end: where messages end. */
  private static List<Integer> messageStarts(String name, Pattern startLine, int count) {
    String text = new String(bytes(name), StandardCharsets.ISO_8859_1);
    List<Integer> ends = new ArrayList<>();
    Matcher matcher = startLine.matcher(text);
    while (matcher.find()) {
      if (matcher.start() > 0) {
        ends.add(matcher.start());
      }
    }
    ends.add(text.length());
    assertEquals(count, ends.size(), name);
    return ends;
  }

  private static int indexOfFinal() {
    return new String(bytes("continue.response"), StandardCharsets.ISO_8859_1)
        .indexOf("HTTP/1.1 200");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(String name) {
    try (InputStream in = HttpFramingTest.class.getResourceAsStream("framing/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
