package dev.paddock.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Asks a sandbox-runner for its JVM's diagnostics: a thread dump, a class histogram, a flight
 * recording. Like {@link AdminProbe}, every exchange has a deadline for the whole of it and a limit
 * on the bytes read, since the tenant's code may answer in the runner's place; what comes back is
 * text that is only shown, a histogram that {@link ClassHistogram} reads leniently, or a file that
 * must start as a flight recording does. Thread-safe.
 */
public class RunnerDiagnostics {

  /** The most of a thread dump read; the runner cuts its dumps a little below it. */
  public static final int THREADS_LIMIT = (4 << 20) + 1024;

  /** The most of a class histogram read: the runner sends a few hundred rows. */
  public static final int HISTOGRAM_LIMIT = 1 << 20;

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

  /** The {@code top} classes of the live heap by bytes; the JVM collects garbage first. */
  public ClassHistogram histogram(URI admin, int top) {
    BoundedBody.Bytes body = ok(admin, "/diagnostics/histogram", HISTOGRAM_LIMIT, deadline);
    return ClassHistogram.parse(new String(body.bytes(), StandardCharsets.UTF_8), top);
  }

  /**
   * A flight recording of {@code seconds}, read whole once it ends: at most {@code limit} bytes,
   * within the recording's length and {@link #RECORDING_SLACK}.
   */
  public byte[] recording(URI admin, int seconds, int limit) {
    BoundedBody.Bytes body =
        ok(
            admin,
            "/diagnostics/recording?seconds=" + seconds,
            limit,
            Duration.ofSeconds(seconds).plus(RECORDING_SLACK));
    if (body.cut()) {
      throw new DiagnosticsFailedException(
          "the recording was larger than %d MiB: record fewer seconds".formatted(limit >> 20));
    }
    byte[] bytes = body.bytes();
    if (bytes.length < FLIGHT_RECORDING_MAGIC.length
        || !Arrays.equals(bytes, 0, FLIGHT_RECORDING_MAGIC.length, FLIGHT_RECORDING_MAGIC, 0, 4)) {
      throw new DiagnosticsFailedException("the sandbox's answer is not a flight recording");
    }
    return bytes;
  }

  private BoundedBody.Bytes ok(URI admin, String path, int limit, Duration within) {
    if (admin == null) {
      throw new DiagnosticsFailedException("the sandbox has no address yet");
    }
    HttpResponse<BoundedBody.Bytes> response;
    try {
      response = AdminProbe.get(http, admin.resolve(path), limit, within);
    } catch (IOException e) {
      throw new DiagnosticsFailedException(
          "the sandbox's runner did not answer within %d s".formatted(within.toSeconds()));
    }
    if (response.statusCode() != 200) {
      String said =
          Excerpt.line(
              new String(response.body().bytes(), StandardCharsets.UTF_8).strip(),
              AdminProbe.DETAIL_LENGTH);
      throw new DiagnosticsFailedException(
          "the sandbox's runner answered %d: %s".formatted(response.statusCode(), said));
    }
    return response.body();
  }

  /** The runner did not answer, answered an error, or sent what is not a diagnostic. */
  public static class DiagnosticsFailedException extends RuntimeException {
    DiagnosticsFailedException(String message) {
      super(message);
    }
  }
}
