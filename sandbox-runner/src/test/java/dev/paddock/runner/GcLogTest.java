package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {

  @TempDir Path dir;

  @Test
  void theLastLinesAreGivenOldestFirst() throws IOException {
    Path file = Files.writeString(dir.resolve("gc.log"), numbered(1, 10));

    assertEquals("line 8\nline 9\nline 10\n", new GcLog(file).tail(3));
  }

  @Test
  void tooFewLinesInTheCurrentFileAreMadeUpFromTheRotatedOne() throws IOException {
    Path file = Files.writeString(dir.resolve("gc.log"), numbered(6, 7));
    Files.writeString(dir.resolve("gc.log.0"), numbered(1, 5));

    assertEquals("line 4\nline 5\nline 6\nline 7\n", new GcLog(file).tail(4));
  }

  @Test
  void aSymlinkPlantedAtTheLogsPathIsNotFollowed() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret"), "not for the control plane\n");
    Path file = Files.createSymbolicLink(dir.resolve("gc.log"), secret);

    String answer = new GcLog(file).tail(10);

    assertTrue(answer.contains("is not a regular file"), answer);
    assertTrue(!answer.contains("not for the control plane"), answer);
  }

  @Test
  void aSymlinkPlantedAtTheRotatedFileIsNotFollowedEither() throws IOException {
    Path file = Files.writeString(dir.resolve("gc.log"), numbered(1, 2));
    Files.createSymbolicLink(
        dir.resolve("gc.log.0"), Files.writeString(dir.resolve("secret"), "secret\n"));

    assertEquals("line 1\nline 2\n", new GcLog(file).tail(10));
  }

  @Test
  void aDirectoryAtTheLogsPathIsNotRead() throws IOException {
    Path file = Files.createDirectory(dir.resolve("gc.log"));

    assertTrue(new GcLog(file).tail(10).contains("is not a regular file"));
  }

  @Test
  void aHugeFileIsReadOnlyUpToTheBound() throws IOException {
    Path file = dir.resolve("gc.log");
    try (RandomAccessFile huge = new RandomAccessFile(file.toFile(), "rw")) {
      // Sparse: a 4 GiB file of zeros ending in two lines, none of it written but the end.
      huge.setLength(4L << 30);
      byte[] end = "\nlast\nlines\n".getBytes();
      huge.seek(huge.length() - end.length);
      huge.write(end);
    }

    String answer = new GcLog(file).tail(GcLog.MAX_LINES);

    // What came before the bound's first line break is not a whole line, so it is dropped.
    assertEquals("last\nlines\n", answer);
  }

  @Test
  void aMissingFileIsSaidToBeMissing() throws IOException {
    String answer = new GcLog(dir.resolve("gc.log")).tail(10);

    assertTrue(answer.startsWith("No GC log: ") && answer.contains("is missing"), answer);
  }

  @Test
  void theLinesAskedForAreBounded() {
    GcLog log = new GcLog(dir.resolve("gc.log"));

    assertThrows(IllegalArgumentException.class, () -> log.tail(0));
    assertThrows(IllegalArgumentException.class, () -> log.tail(GcLog.MAX_LINES + 1));
  }

  @Test
  void theLogIsTheFileTheJvmsOptionsName() {
    assertEquals(
        Optional.of(Path.of("/tmp/paddock-gc.log")),
        GcLog.of(
                List.of(
                    "-XX:MaxRAMPercentage=75",
                    "-Xlog:gc*:file=/tmp/paddock-gc.log:time,uptime:filecount=1,filesize=1m"))
            .map(GcLog::file));
    assertEquals(Optional.empty(), GcLog.of(List.of("-Xlog:aot*=off,cds*=off")));
  }

  private static String numbered(int from, int to) {
    return IntStream.rangeClosed(from, to)
        .mapToObj(i -> "line " + i + "\n")
        .collect(Collectors.joining());
  }
}
