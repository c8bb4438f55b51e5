package dev.paddock.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Asks a sandbox-runner for its JVM's diagnostics: a thread dump, a class histogram, the GC log's
 * last lines, the native memory summary, a flight recording. Like {@link AdminProbe}, every
 * exchange has a deadline for the whole of it and a limit on the bytes read, since the tenant's
 * code may answer in the runner's place; what comes back is text that is only shown, a histogram
 * that {@link ClassHistogram} reads leniently (what a leak recycle can keep as its evidence), or a
 * recording written straight to a file, never held in memory, that must start as a flight recording
 * does. Thread-safe.
 */
public class RunnerDiagnostics {

  /** The most of a thread dump read; the runner cuts its dumps a little below it. */
  public static final int THREADS_LIMIT = (4 << 20) + 1024;

  /** The most of a class histogram read: the runner sends a few hundred rows. */
  public static final int HISTOGRAM_LIMIT = 1 << 20;

  /** The most of a GC log's tail read: the runner reads at most 512 KiB of the log. */
  public static final int GC_LOG_LIMIT = (512 << 10) + 1024;

  /**
   * The most of a native memory summary read: the runner cuts it at 256 KiB, a few KiB is usual.
   */
  public static final int NATIVE_MEMORY_LIMIT = (256 << 10) + 1024;

  /** What the JVM answers for a native memory summary when it was started without tracking. */
  static final String NOT_TRACKING = "Native memory tracking is not enabled";

  /** How long the runner may take past a recording's length to send it. */
  static final Duration RECORDING_SLACK = Duration.ofSeconds(30);

  private static final byte[] FLIGHT_RECORDING_MAGIC = {'F', 'L', 'R', 0};

  private final HttpClient http;
  private final Duration deadline;

  /** Diagnostics whose thread dumps and histograms each end within {@code deadline}. */
  public RunnerDiagnostics(Duration deadline) {
    this.deadline = deadline;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** What the runner sent, and whether there was more than was read. */
  public record Text(String text, boolean cut) {}

  /** Every platform thread's stack, as the JVM prints it. */
  public Text threads(URI admin) {
    BoundedBody.Bytes body = ok(admin, "/diagnostics/threads", THREADS_LIMIT, deadline);
    return new Text(new String(body.bytes(), StandardCharsets.UTF_8), body.cut());
  }

  /** The last {@code lines} lines of the JVM's GC log, or the runner's line saying why none. */
  public Text gcLog(URI admin, int lines) {
    BoundedBody.Bytes body = ok(admin, "/diagnostics/gc?lines=" + lines, GC_LOG_LIMIT, deadline);
    return new Text(new String(body.bytes(), StandardCharsets.UTF_8), body.cut());
  }

  /**
   * What the JVM's native memory tracking counts, by category.
   *
   * @throws NativeMemoryNotTrackedException when the JVM was started without tracking
   */
  public Text nativeMemory(URI admin) {
    BoundedBody.Bytes body = ok(admin, "/diagnostics/native-memory", NATIVE_MEMORY_LIMIT, deadline);
    String text = new String(body.bytes(), StandardCharsets.UTF_8);
    if (text.strip().startsWith(NOT_TRACKING)) {
      throw new NativeMemoryNotTrackedException();
    }
    return new Text(text, body.cut());
  }

  /** The {@code top} classes of the live heap by bytes; the JVM collects garbage first. */
  public ClassHistogram histogram(URI admin, int top) {
    BoundedBody.Bytes body = ok(admin, "/diagnostics/histogram", HISTOGRAM_LIMIT, deadline);
    return ClassHistogram.parse(new String(body.bytes(), StandardCharsets.UTF_8), top);
  }

  /**
   * Writes a flight recording of {@code seconds} to {@code file} once it ends, and returns its
   * size: at most {@code limit} bytes, within the recording's length and {@link #RECORDING_SLACK}.
   * The file holds nothing but a recording when this returns; it is removed when this throws.
   */
  public long recording(URI admin, int seconds, long limit, Path file) {
    Duration within = Duration.ofSeconds(seconds).plus(RECORDING_SLACK);
    try {
      HttpResponse<BoundedFile.Written> response =
          AdminProbe.get(
              http,
              address(admin).resolve("/diagnostics/recording?seconds=" + seconds),
              BoundedFile.of(file, limit),
              within);
      return checked(response, limit, file);
    } catch (IOException | UncheckedIOException | DiagnosticsFailedException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // What to tell is why there is no recording; a file left behind expires with the rest.
      }
      if (e instanceof DiagnosticsFailedException failed) {
        throw failed;
      }
      throw new DiagnosticsFailedException(
          "the sandbox's runner did not answer within %d s".formatted(within.toSeconds()));
    }
  }

  /** The recording's size, once the answer is proven a whole flight recording. */
  private static long checked(HttpResponse<BoundedFile.Written> response, long limit, Path file)
      throws IOException {
    if (response.statusCode() != 200) {
      throw refused(response.statusCode(), head(file, AdminProbe.REPLY_LIMIT));
    }
    if (response.body().cut()) {
      throw new DiagnosticsFailedException(
          "the recording was larger than %d MiB: record fewer seconds".formatted(limit >> 20));
    }
    if (!Arrays.equals(head(file, FLIGHT_RECORDING_MAGIC.length), FLIGHT_RECORDING_MAGIC)) {
      throw new DiagnosticsFailedException("the sandbox's answer is not a flight recording");
    }
    return response.body().size();
  }

  private static byte[] head(Path file, int count) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(count);
    }
  }

  private static URI address(URI admin) {
    if (admin == null) {
      throw new DiagnosticsFailedException("the sandbox has no address yet");
    }
    return admin;
  }

  private static DiagnosticsFailedException refused(int status, byte[] said) {
    String text =
        Excerpt.line(new String(said, StandardCharsets.UTF_8).strip(), AdminProbe.DETAIL_LENGTH);
    return new DiagnosticsFailedException(
        "the sandbox's runner answered %d: %s".formatted(status, text));
  }

  private BoundedBody.Bytes ok(URI admin, String path, int limit, Duration within) {
    HttpResponse<BoundedBody.Bytes> response;
    try {
      response = AdminProbe.get(http, address(admin).resolve(path), limit, within);
    } catch (IOException e) {
      throw new DiagnosticsFailedException(
          "the sandbox's runner did not answer within %d s".formatted(within.toSeconds()));
    }
    if (response.statusCode() != 200) {
      throw refused(response.statusCode(), response.body().bytes());
    }
    return response.body();
  }

  /** The runner did not answer, answered an error, or sent what is not a diagnostic. */
  public static class DiagnosticsFailedException extends RuntimeException {
    DiagnosticsFailedException(String message) {
      super(message);
    }
  }

  /** The sandbox's JVM was started without native memory tracking (before Paddock turned it on). */
  public static class NativeMemoryNotTrackedException extends RuntimeException {
    NativeMemoryNotTrackedException() {
      super("the sandbox's JVM was started without native memory tracking");
    }
  }
}
