package dev.paddock.runner;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Follows the requests of one connection, and tells its responses which method each answers. */
final class RequestFraming extends HttpFraming {

  private final Queue<String> methods = new ConcurrentLinkedQueue<>();

  /** The method of the oldest request not yet answered, or {@code GET} if none is known. */
  String answered() {
    String method = methods.poll();
    return method == null ? "GET" : method;
  }

  @Override
  boolean startLine(String text) {
    int space = text.indexOf(' ');
    if (space <= 0 || !text.startsWith("HTTP/1.", text.lastIndexOf(' ') + 1)) {
      return false;
    }
    methods.add(text.substring(0, space));
    return true;
  }

  /** A request has a body only if it says how long it is (RFC 9112 section 6.3). */
  @Override
  void headersEnded() {
    if (unframed()) {
      becomeTunnel();
    } else if (chunked()) {
      expectChunks();
    } else {
      expectLength(Math.max(0, contentLength()));
    }
  }
}
