package dev.paddock.runner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Follows the frames a server sends on a WebSocket (RFC 6455 section 5.2) as their bytes pass, to
 * know where one ends, so that a close frame can be put in between two of them. It never changes a
 * byte. Not thread-safe: one thread scans.
 */
final class WebSocketFrames {

  /** A close frame with status 1001, "going away": the server is shutting down. */
  static final byte[] GOING_AWAY = closeFrame(1001, "going away");

  private final byte[] header = new byte[14];
  private int headerRead;
  private long payloadLeft;

  /** Whether the bytes scanned so far end with a whole frame (or none yet). */
  boolean atBoundary() {
    return headerRead == 0 && payloadLeft == 0;
  }

  /**
   * Scans {@code buffer}'s bytes from {@code from} to {@code to} and returns where it stopped: at
   * {@code to}, or just past the end of a frame before it.
   */
  int scan(ByteBuffer buffer, int from, int to) {
    int at = from;
    while (at < to) {
      if (payloadLeft > 0) {
        int step = (int) Math.min(payloadLeft, to - at);
        payloadLeft -= step;
        at += step;
        if (payloadLeft == 0) {
          return at;
        }
        continue;
      }
      header[headerRead++] = buffer.get(at++);
      int needed = headerLength();
      if (headerRead == needed) {
        payloadLeft = payloadLength();
        headerRead = 0;
        if (payloadLeft == 0) {
          return at;
        }
      }
    }
    return at;
  }

  /** The header's length as far as its bytes read so far tell it. */
  private int headerLength() {
    if (headerRead < 2) {
      return 2;
    }
    int length = header[1] & 0x7f;
    int mask = (header[1] & 0x80) != 0 ? 4 : 0;
    return 2 + mask + (length == 126 ? 2 : length == 127 ? 8 : 0);
  }

  private long payloadLength() {
    int length = header[1] & 0x7f;
    if (length < 126) {
      return length;
    }
    long value = 0;
    for (int i = 0; i < (length == 126 ? 2 : 8); i++) {
      value = value << 8 | header[2 + i] & 0xff;
    }
    // Frames over 2^63 bytes do not exist (the top bit must be 0): read on to the connection's end.
    return value < 0 ? Long.MAX_VALUE : value;
  }

  /** An unmasked close frame, as a server sends it. */
  static byte[] closeFrame(int status, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[4 + text.length];
    frame[0] = (byte) 0x88;
    frame[1] = (byte) (2 + text.length);
    frame[2] = (byte) (status >> 8);
    frame[3] = (byte) status;
    System.arraycopy(text, 0, frame, 4, text.length);
    return frame;
  }
}
