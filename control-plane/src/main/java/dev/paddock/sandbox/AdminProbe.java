package dev.paddock.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a sandbox-runner's internal endpoint whether its app serves, and what its JVM uses: the same
 * for every driver, since the runner is. The tenant's code runs in the runner's JVM and may answer
 * in its place, so every exchange has a deadline for the whole of it (headers and body) and a limit
 * on the bytes read: past either, the exchange is cancelled and its connection closed, and the
 * sandbox counts as not answering. Thread-safe.
 */
public class AdminProbe {

  /** More than the runner ever sends; what a probe reads at most. */
  static final int REPLY_LIMIT = 8 * 1024;

  /** What a pressure reply may hold: its trend's {@link HeapPressure#TREND_POINTS} readings. */
  static final int PRESSURE_LIMIT = 16 * 1024;

  /** How much of a health reply's text becomes the detail of {@link Health.Starting}. */
  static final int DETAIL_LENGTH = 300;

  private final HttpClient http;
  private final Duration deadline;
  private final JsonMapper json = JsonMapper.builder().build();

  public AdminProbe() {
    this(Duration.ofSeconds(2));
  }

  /** A probe whose exchanges each end within {@code deadline}, whatever the runner does. */
  public AdminProbe(Duration deadline) {
    this.deadline = deadline;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(deadline.dividedBy(2))
            .build();
  }

  /** The runner's figures, or {@code null} when it does not answer, or not within bounds. */
  public Usage.Jvm metrics(URI admin) {
    if (admin == null) {
      return null;
    }
    try {
      HttpResponse<BoundedBody.Bytes> response = get(admin.resolve("/metrics"));
      if (response.statusCode() != 200 || response.body().cut()) {
        return null;
      }
      JsonNode m = json.readTree(response.body().bytes());
      return new Usage.Jvm(
          m.path("heapUsed").asLong(),
          m.path("heapAfterGc").asLong(),
          m.path("heapMax").asLong(),
          m.path("threads").asLong(),
          m.path("requests").asLong(),
          m.path("uptimeMillis").asLong(),
          m.path("open").asLong());
    } catch (IOException | JacksonException e) {
      return null;
    }
  }

  /**
   * The runner's heap pressure once a collection leaves its heap past {@code floorPercent} of its
   * maximum and full within {@code within}, or after {@code wait} (at once when zero); {@code null}
   * when the runner does not answer, or not within bounds ({@code wait} plus this probe's deadline,
   * {@link #PRESSURE_LIMIT} bytes).
   */
  public HeapPressure pressure(URI admin, Duration within, int floorPercent, Duration wait) {
    if (admin == null) {
      return null;
    }
    URI uri =
        admin.resolve(
            "/pressure?within=%d&floor=%d&wait=%d"
                .formatted(within.toMillis(), floorPercent, wait.toSeconds()));
    try {
      HttpResponse<BoundedBody.Bytes> response =
          get(http, uri, PRESSURE_LIMIT, wait.plus(deadline));
      if (response.statusCode() != 200 || response.body().cut()) {
        return null;
      }
      return pressure(json.readTree(response.body().bytes()));
    } catch (IOException | JacksonException e) {
      return null;
    }
  }

  private static HeapPressure pressure(JsonNode p) {
    List<HeapPressure.Point> trend = new ArrayList<>();
    for (JsonNode point : p.path("trend")) {
      if (trend.size() == HeapPressure.TREND_POINTS) {
        break;
      }
      trend.add(new HeapPressure.Point(point.path(0).asLong(), point.path(1).asLong()));
    }
    long left = p.path("exhaustionMillis").asLong(-1);
    long ready = p.path("readyMillis").asLong();
    return new HeapPressure(
        p.path("heapAfterGc").asLong(),
        p.path("heapMax").asLong(),
        p.path("bytesPerSecond").asLong(),
        left < 0 ? null : Duration.ofMillis(left),
        ready <= 0 ? null : Duration.ofMillis(ready),
        trend);
  }

  /** Up when the runner says its app serves; Starting while it does not, or does not answer. */
  public Health check(URI admin) {
    return check(admin, Duration.ZERO);
  }

  /**
   * As {@link #check(URI)}, the runner holding its answer up to {@code wait} while its app starts
   * and sending it the moment the app serves (a runner that does not hold answers at once).
   */
  public Health check(URI admin, Duration wait) {
    if (admin == null) {
      return new Health.Starting("no address yet");
    }
    try {
      HttpResponse<BoundedBody.Bytes> response =
          wait.isZero()
              ? get(admin.resolve("/health"))
              : get(
                  http,
                  admin.resolve("/health?wait=" + wait.toMillis()),
                  REPLY_LIMIT,
                  deadline.plus(wait));
      if (response.statusCode() == 200) {
        return new Health.Up();
      }
      return new Health.Starting(Excerpt.line(detail(response.body()), DETAIL_LENGTH));
    } catch (IOException e) {
      return new Health.Starting("runner not answering yet");
    }
  }

  /** The runner's words for why its app does not serve yet, else what it said. */
  private String detail(BoundedBody.Bytes body) {
    String said = new String(body.bytes(), StandardCharsets.UTF_8).strip();
    try {
      JsonNode detail = json.readTree(said).path("detail");
      return detail.isString() && !detail.asString().isBlank() ? detail.asString() : said;
    } catch (JacksonException e) {
      return said;
    }
  }

  /**
   * One exchange, over within the deadline: a runner that sends its headers and then nothing, or a
   * body without end, has its exchange cancelled, which closes the connection.
   */
  private HttpResponse<BoundedBody.Bytes> get(URI uri) throws IOException {
    return get(http, uri, REPLY_LIMIT, deadline);
  }

  /** One exchange of at most {@code limit} bytes of body, over within {@code deadline}. */
  static HttpResponse<BoundedBody.Bytes> get(HttpClient http, URI uri, int limit, Duration deadline)
      throws IOException {
    return get(http, uri, BoundedBody.of(limit), deadline);
  }

  /** One exchange whose body {@code handler} bounds, over within {@code deadline}. */
  static <T> HttpResponse<T> get(
      HttpClient http, URI uri, HttpResponse.BodyHandler<T> handler, Duration deadline)
      throws IOException {
    CompletableFuture<HttpResponse<T>> exchange =
        http.sendAsync(HttpRequest.newBuilder(uri).timeout(deadline).build(), handler);
    try {
      return exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IOException("no whole reply from %s within %s".formatted(uri, deadline), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + uri, e);
    } finally {
      exchange.cancel(true);
    }
  }
}
