package dev.paddock.handler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP response a {@link Handler} returns: a body known at once, for which the sandbox sets
 * {@code Content-Length} itself, or a body streamed as it is made ({@link #streaming}, {@link
 * #events}).
 *
 * @param status the HTTP status code, 100 to 599
 * @param headers response headers, one value each
 * @param body the response body, empty for none or for a streamed one
 * @param writer writes a streamed body, or {@code null} when {@code body} is the whole of it
 */
public record Response(int status, Map<String, String> headers, byte[] body, BodyWriter writer) {

  /** How often an event stream sends a comment line when its handler sends nothing. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /** Rejects a status HTTP cannot carry and keeps the response immutable. */
  public Response {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? new byte[0] : body;
  }

  /** A response whose body is known at once. */
  public Response(int status, Map<String, String> headers, byte[] body) {
    this(status, headers, body, null);
  }

  /** Returns a response with a UTF-8 plain-text body. */
  public static Response text(int status, String body) {
    return new Response(
        status,
        Map.of("Content-Type", "text/plain; charset=utf-8"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns a 200 response with a UTF-8 plain-text body. */
  public static Response ok(String body) {
    return text(200, body);
  }

  /**
   * Returns a response whose body {@code writer} writes once the status and headers are sent, as
   * chunks, for as long as it takes (the request timeout bounds only the time until this response
   * is returned).
   */
  public static Response streaming(int status, Map<String, String> headers, BodyWriter writer) {
    return new Response(status, headers, null, Objects.requireNonNull(writer, "writer"));
  }

  /**
   * Returns a 200 stream of server-sent events ({@code text/event-stream}) that {@code writer}
   * sends, with a heartbeat comment after each {@link #HEARTBEAT} without an event.
   */
  public static Response events(EventWriter writer) {
    return events(HEARTBEAT, writer);
  }

  /** Returns a stream of server-sent events with a heartbeat comment after {@code heartbeat}. */
  public static Response events(Duration heartbeat, EventWriter writer) {
    Objects.requireNonNull(writer, "writer");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("the heartbeat must be positive: " + heartbeat);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/event-stream; charset=utf-8");
    headers.put("Cache-Control", "no-cache");
    return streaming(200, headers, body -> ServerSentEvents.run(body, heartbeat, writer));
  }
}
