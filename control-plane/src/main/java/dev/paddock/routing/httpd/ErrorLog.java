package dev.paddock.routing.httpd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** httpd's error log, read from its end only: it grows without bound between rotations. */
record ErrorLog(Path file) {

  private static final int WINDOW = 16 * 1024;

  /** Up to {@code lines} last lines, from at most the last 16 KiB; none if there is no file. */
  List<String> tail(int lines) {
    try (FileChannel channel = FileChannel.open(file)) {
      long start = Math.max(0, channel.size() - WINDOW);
      ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
      channel.read(buffer, start);
      List<String> all =
          Arrays.asList(new String(buffer.array(), StandardCharsets.UTF_8).split("\n"));
      if (start > 0 && !all.isEmpty()) {
        all = all.subList(1, all.size());
      }
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of();
    }
  }
}
