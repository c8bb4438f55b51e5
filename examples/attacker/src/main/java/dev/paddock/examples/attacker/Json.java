package dev.paddock.examples.attacker;

import dev.paddock.handler.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The little JSON this app writes, without a library. */
final class Json {

  private Json() {}

  /** A 200 response carrying {@code json}. */
  static Response response(String json) {
    return new Response(
        200, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code text} as a JSON string literal, quotes included. */
  static String string(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u%04x".formatted((int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
