package dev.paddock.runner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Follows one direction of an HTTP/1.1 connection as its bytes pass, to know where each message
 * ends (RFC 9112 section 6): it reads start lines and header blocks, skips bodies framed by
 * Content-Length or chunked coding, and gives up on what it cannot follow, after which the
 * connection is an opaque tunnel. It never changes a byte. Not thread-safe: one thread scans; the
 * counters may be read from any thread.
 */
abstract sealed class HttpFraming permits RequestFraming, ResponseFraming {

  /** What the last {@link #scan} stopped at. */
  enum Event {
    /** The end of the buffer given. */
    NONE,
    /** Just past a start line; a response's header fields follow. */
    START_LINE,
    /** Just past the last byte of a message. */
    MESSAGE_END,
    /** Just past a chunk's data, or the line break after it, in a chunked body. */
    CHUNK_END,
    /** Just past the header block of a 101 response: the connection is a tunnel from here. */
    UPGRADED
  }

  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LINE_BREAK_AND_LAST_CHUNK =
      "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Lines are kept up to here: start lines and the few header fields read are far shorter. */
  private static final int KEPT = 256;

  private enum State {
    START_LINE,
    HEADER,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_DATA_END,
    TRAILER,
    UNTIL_CLOSE,
    TUNNEL
  }

  private final byte[] line = new byte[KEPT];
  private int lineLength;
  private State state = State.START_LINE;
  private long remaining;
  private long contentLength = -1;
  private boolean chunked;
  private boolean otherCoding;
  private String upgrade;
  private Event event = Event.NONE;
  private volatile boolean tunnel;
  private volatile boolean between = true;
  private volatile long completed;

  /**
   * Scans {@code buffer}'s bytes from {@code from} to {@code to} and returns where it stopped: at
   * {@code to}, or just past an {@link #event()} before it.
   */
  final int scan(ByteBuffer buffer, int from, int to) {
    event = Event.NONE;
    if (tunnel) {
      return to;
    }
    int at = from;
    while (at < to && event == Event.NONE) {
      at =
          switch (state) {
            case START_LINE, HEADER, TRAILER, CHUNK_SIZE, CHUNK_DATA_END -> line(buffer, at, to);
            case BODY, CHUNK_DATA -> skip(at, to);
            case UNTIL_CLOSE, TUNNEL -> to;
          };
    }
    return at;
  }

  final Event event() {
    return event;
  }

  /** Whether the connection has become (or was given up on as) a plain two-way tunnel. */
  final boolean tunnel() {
    return tunnel;
  }

  /** Whether no message is under way in this direction: none begun, or the last one complete. */
  final boolean betweenMessages() {
    return between;
  }

  /** How many messages have been complete (responses: final ones, not 1xx). */
  final long completed() {
    return completed;
  }

  /**
   * From now on the bytes are not HTTP: an upgrade went through, or they could not be read. May be
   * called from the other direction's thread.
   */
  final void becomeTunnel() {
    state = State.TUNNEL;
    tunnel = true;
  }

  /** The message's header block ended in a switch of protocols: a tunnel from here. */
  final void upgraded() {
    becomeTunnel();
    event = Event.UPGRADED;
  }

  /** The protocol the message's {@code Upgrade} field names, lower case, or {@code null}. */
  final String upgrade() {
    return upgrade;
  }

  /**
   * The bytes that end the chunked body under way right here, between two chunks, with a clean last
   * chunk; {@code null} anywhere else.
   */
  final byte[] lastChunkHere() {
    if (lineLength != 0) {
      return null;
    }
    return switch (state) {
      case CHUNK_SIZE -> LAST_CHUNK;
      case CHUNK_DATA_END -> LINE_BREAK_AND_LAST_CHUNK;
      default -> null;
    };
  }

  /** Reads a start line's fields; false if it is not one. */
  abstract boolean startLine(String text);

  /**
   * Decides how the message whose header block just ended goes on, from its start line and the
   * framing fields read. Calls one of the {@code expect…} methods, or {@link #becomeTunnel}.
   */
  abstract void headersEnded();

  final long contentLength() {
    return contentLength;
  }

  final boolean chunked() {
    return chunked;
  }

  /** A Transfer-Encoding other than chunked as the final coding: the body ends at close. */
  final boolean unframed() {
    return otherCoding;
  }

  final void expectLength(long length) {
    if (length == 0) {
      end();
    } else {
      state = State.BODY;
      remaining = length;
    }
  }

  final void expectChunks() {
    state = State.CHUNK_SIZE;
  }

  final void expectClose() {
    state = State.UNTIL_CLOSE;
  }

  /** An interim (1xx) response ended: the final one follows, still answering the same request. */
  final void expectAnotherStart() {
    state = State.START_LINE;
  }

  /** The message ends here, with no body. */
  final void end() {
    state = State.START_LINE;
    event = Event.MESSAGE_END;
    between = true;
    completed++;
  }

  private int skip(int at, int to) {
    int step = (int) Math.min(remaining, to - at);
    remaining -= step;
    if (remaining == 0) {
      if (state == State.BODY) {
        end();
      } else {
        state = State.CHUNK_DATA_END;
        event = Event.CHUNK_END;
      }
    }
    return at + step;
  }

  private int line(ByteBuffer buffer, int at, int to) {
    if (state == State.START_LINE && lineLength == 0) {
      // Empty lines before a request line are allowed (RFC 9112 section 2.2).
      while (at < to && (buffer.get(at) == '\r' || buffer.get(at) == '\n')) {
        at++;
      }
      if (at == to) {
        return at;
      }
      between = false;
    }
    while (at < to) {
      byte b = buffer.get(at++);
      if (b == '\n') {
        lineEnded();
        return at;
      }
      if (lineLength < KEPT) {
        line[lineLength] = b;
      }
      lineLength++;
    }
    return at;
  }

  private void lineEnded() {
    int length =
        lineLength > 0 && lineLength <= KEPT && line[lineLength - 1] == '\r'
            ? lineLength - 1
            : lineLength;
    boolean whole = lineLength <= KEPT;
    String text = new String(line, 0, Math.min(length, KEPT), StandardCharsets.ISO_8859_1);
    lineLength = 0;
    switch (state) {
      case START_LINE -> {
        contentLength = -1;
        upgrade = null;
        chunked = false;
        otherCoding = false;
        if (!whole || !startLine(text)) {
          becomeTunnel();
          return;
        }
        state = State.HEADER;
        event = Event.START_LINE;
      }
      case HEADER -> {
        if (text.isEmpty()) {
          headersEnded();
        } else if (!field(text, whole)) {
          becomeTunnel();
        }
      }
      case CHUNK_SIZE -> chunkSize(text, whole);
      case CHUNK_DATA_END -> {
        if (text.isEmpty()) {
          state = State.CHUNK_SIZE;
          event = Event.CHUNK_END;
        } else {
          becomeTunnel();
        }
      }
      case TRAILER -> {
        if (text.isEmpty()) {
          end();
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  /** Reads the framing fields; false when one cannot be read. */
  private boolean field(String text, boolean whole) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String name = text.substring(0, colon);
    boolean length = name.equalsIgnoreCase("content-length");
    boolean coding = name.equalsIgnoreCase("transfer-encoding");
    if (name.equalsIgnoreCase("upgrade") && whole) {
      upgrade = text.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
    }
    if (!length && !coding) {
      return true;
    }
    if (!whole) {
      return false;
    }
    String value = text.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
    if (coding) {
      return codings(value);
    }
    try {
      // A list of one repeated value is allowed (RFC 9110 section 8.6); others are invalid.
      long parsed = Long.parseLong(value.split(",", -1)[0].strip());
      for (String each : value.split(",", -1)) {
        if (Long.parseLong(each.strip()) != parsed) {
          return false;
        }
      }
      if (parsed < 0 || contentLength >= 0 && contentLength != parsed) {
        return false;
      }
      contentLength = parsed;
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private boolean codings(String value) {
    for (String coding : value.split(",")) {
      String name = coding.strip();
      if (name.isEmpty()) {
        continue;
      }
      chunked = name.equals("chunked");
      otherCoding = !chunked;
    }
    return true;
  }

  private void chunkSize(String text, boolean whole) {
    int end = 0;
    while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
      end++;
    }
    if (!whole || end == 0 || end > 15) {
      becomeTunnel();
      return;
    }
    remaining = Long.parseLong(text, 0, end, 16);
    state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
  }
}
