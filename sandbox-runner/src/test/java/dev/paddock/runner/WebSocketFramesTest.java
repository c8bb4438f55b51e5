package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

  @Test
  void framesOfEveryLengthEncodingEndWhereTheirPayloadEndsHoweverTheBytesAreSplit() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<Integer> ends = new ArrayList<>();
    frame(stream, ends, 0x81, 0, false); // empty text
    frame(stream, ends, 0x82, 125, false);
    frame(stream, ends, 0x82, 126, false); // 16-bit length
    frame(stream, ends, 0x82, 70_000, false); // 64-bit length
    frame(stream, ends, 0x89, 3, true); // a masked ping, as a client sends it
    byte[] bytes = stream.toByteArray();

    for (int step : new int[] {1, 7, 4096, bytes.length}) {
      WebSocketFrames frames = new WebSocketFrames();
      List<Integer> found = new ArrayList<>();
      for (int from = 0; from < bytes.length; from += step) {
        int to = Math.min(bytes.length, from + step);
        ByteBuffer read = ByteBuffer.wrap(bytes, from, to - from).slice();
        for (int at = 0; at < read.limit(); ) {
          at = frames.scan(read, at, read.limit());
          if (frames.atBoundary()) {
            found.add(from + at);
          }
        }
      }
      assertEquals(ends, found.stream().distinct().toList(), "read " + step + " bytes at a time");
    }
  }

  @Test
  void goingAwayIsAnUnmaskedCloseFrameWithStatus1001() {
    byte[] expected = {
      (byte) 0x88, 12, 0x03, (byte) 0xE9, 'g', 'o', 'i', 'n', 'g', ' ', 'a', 'w', 'a', 'y'
    };
    assertArrayEquals(expected, WebSocketFrames.GOING_AWAY);
  }

  private static void frame(
      ByteArrayOutputStream out, List<Integer> ends, int first, int length, boolean masked) {
    out.write(first);
    int mask = masked ? 0x80 : 0;
    if (length < 126) {
      out.write(mask | length);
    } else if (length < 65_536) {
      out.write(mask | 126);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(mask | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) length >> shift));
      }
    }
    if (masked) {
      out.writeBytes(new byte[] {1, 2, 3, 4});
    }
    out.writeBytes(new byte[length]);
    ends.add(out.size());
  }
}
