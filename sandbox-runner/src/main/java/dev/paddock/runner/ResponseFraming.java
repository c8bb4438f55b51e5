package dev.paddock.runner;

/** Follows the responses of one connection, the requests' side telling what each answers. */
final class ResponseFraming extends HttpFraming {

  private final RequestFraming requests;
  private int status;
  private volatile boolean websocket;

  ResponseFraming(RequestFraming requests) {
    this.requests = requests;
  }

  /** Whether the start line just scanned begins a final response (not a 1xx). */
  boolean finalResponse() {
    return status >= 200;
  }

  /** Whether the connection switched to a WebSocket: its bytes from here are WebSocket frames. */
  boolean websocket() {
    return websocket;
  }

  @Override
  boolean startLine(String text) {
    if (!text.startsWith("HTTP/1.") || text.length() < 12 || text.charAt(8) != ' ') {
      return false;
    }
    try {
      status = Integer.parseInt(text, 9, 12, 10);
    } catch (NumberFormatException e) {
      return false;
    }
    return status >= 100 && status <= 999;
  }

  /**
   * The body rules of RFC 9112 section 6.3: none after HEAD, 1xx, 204 and 304; a tunnel after 101
   * and after a 2xx to CONNECT; else chunked, Content-Length or until the app closes.
   */
  @Override
  void headersEnded() {
    if (status == 101) {
      websocket = "websocket".equals(upgrade());
      upgraded();
      requests.becomeTunnel();
      return;
    }
    if (status < 200) {
      expectAnotherStart();
      return;
    }
    String method = requests.answered();
    if (method.equals("HEAD") || status == 204 || status == 304) {
      end();
    } else if (method.equals("CONNECT") && status < 300) {
      becomeTunnel();
      requests.becomeTunnel();
    } else if (chunked()) {
      expectChunks();
    } else if (unframed() || contentLength() < 0) {
      expectClose();
    } else {
      expectLength(contentLength());
    }
  }
}
