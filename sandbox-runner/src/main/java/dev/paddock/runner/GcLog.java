package dev.paddock.runner;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The last lines of this JVM's GC log: the file its command line names ({@code -Xlog:gc*:file=…})
 * and, when that holds too few lines, the one the JVM rotated away ({@code <file>.0}). The tenant's
 * code runs as the same uid and can write the sandbox's {@code /tmp}, so nothing there is trusted:
 * no symlink is followed, only regular files are read, and never more than {@link #MAX_BYTES} in
 * all. Thread-safe.
 */
final class GcLog {

  static final int DEFAULT_LINES = 200;
  static final int MAX_LINES = 2000;

  /** The most read from the files, together: 2,000 lines of the JVM's fit several times. */
  static final int MAX_BYTES = 512 << 10;

  private final Path file;

  GcLog(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** The GC log the JVM's options name, if they name one. */
  static Optional<GcLog> of(List<String> jvmArguments) {
    return jvmArguments.stream()
        .filter(arg -> arg.startsWith("-Xlog:gc") && arg.contains(":file="))
        .map(arg -> arg.substring(arg.indexOf(":file=") + ":file=".length()).split(":", 2)[0])
        .map(name -> name.replace("\"", ""))
        .filter(name -> !name.isBlank())
        .findFirst()
        .map(name -> new GcLog(Path.of(name)));
  }

  /**
   * The last {@code lines} lines, oldest first, or a line saying why there are none.
   *
   * @throws IllegalArgumentException when {@code lines} is not between 1 and {@link #MAX_LINES}
   */
  String tail(int lines) throws IOException {
    if (lines < 1 || lines > MAX_LINES) {
      throw new IllegalArgumentException(
          "lines must be between 1 and %d, got %d".formatted(MAX_LINES, lines));
    }
    Chunk chunk = read(file, MAX_BYTES);
    if (!(chunk instanceof Chunk.Read current)) {
      return ((Chunk.Refused) chunk).why() + "\n";
    }
    List<String> kept = current.lines();
    if (kept.size() < lines
        && current.whole()
        && read(Path.of(file + ".0"), MAX_BYTES - current.bytes()) instanceof Chunk.Read previous) {
      kept = new ArrayList<>(previous.lines());
      kept.addAll(current.lines());
    }
    List<String> last = kept.subList(Math.max(0, kept.size() - lines), kept.size());
    return last.isEmpty() ? "The GC log " + file + " is empty.\n" : String.join("\n", last) + "\n";
  }

  /** What one file gave: its last whole lines, or why it was not read. */
  private sealed interface Chunk {
    record Read(List<String> lines, int bytes, boolean whole) implements Chunk {}

    record Refused(String why) implements Chunk {}
  }

  /** The file's last {@code budget} bytes, as whole lines; never through a symlink. */
  private static Chunk read(Path path, int budget) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return new Chunk.Refused(
          "No GC log: " + path + " is missing (removed since the JVM started?).");
    }
    if (!attributes.isRegularFile()) {
      return notRegular(path);
    }
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long from = Math.max(0, channel.size() - budget);
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), budget));
      int got;
      do {
        got = channel.read(buffer, from + buffer.position());
      } while (got > 0 && buffer.hasRemaining());
      return lines(Arrays.copyOf(buffer.array(), buffer.position()), from == 0);
    } catch (NoSuchFileException e) {
      return new Chunk.Refused("No GC log: " + path + " is missing.");
    } catch (FileSystemException e) {
      // Replaced by a symlink between the look and the open: O_NOFOLLOW refused it.
      return notRegular(path);
    }
  }

  private static Chunk notRegular(Path path) {
    return new Chunk.Refused(
        "No GC log: "
            + path
            + " is not a regular file (a link or another kind), so it is not read.");
  }

  /** The whole lines of what was read; a first line cut by the read's start is dropped. */
  private static Chunk lines(byte[] bytes, boolean whole) {
    List<String> lines =
        new ArrayList<>(
            Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1)));
    if (!lines.isEmpty() && lines.getLast().isEmpty()) {
      lines.removeLast();
    }
    if (!whole && !lines.isEmpty()) {
      lines.removeFirst();
    }
    return new Chunk.Read(lines, bytes.length, whole);
  }
}
