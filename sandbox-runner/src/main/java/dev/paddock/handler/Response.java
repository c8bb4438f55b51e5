package dev.paddock.handler;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTTP response a {@link Handler} returns; the sandbox sets {@code Content-Length} itself.
 *
 * @param status the HTTP status code, 100 to 599
 * @param headers response headers, one value each
 * @param body the response body, empty for none
 */
public record Response(int status, Map<String, String> headers, byte[] body) {

  /** Rejects a status HTTP cannot carry and keeps the response immutable. */
  public Response {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? new byte[0] : body;
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
}
