package dev.paddock.handler;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the sandbox received it, with its body read completely.
 *
 * @param method the request method, such as {@code GET}
 * @param path the decoded path, starting with {@code /}
 * @param query the raw query string without {@code ?}, or {@code null} when there is none
 * @param headers every header with all of its values, names as the client sent them
 * @param body the request body, empty when there is none
 */
public record Request(
    String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

  /** Keeps the request immutable whatever collections it was built from. */
  public Request {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? new byte[0] : body;
  }

  /** Returns the first value of the header {@code name}, compared without regard to case. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
        .map(entry -> entry.getValue().getFirst())
        .findFirst();
  }
}
