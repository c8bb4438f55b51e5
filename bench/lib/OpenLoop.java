import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load: GETs at a fixed rate, whatever the answers' latency, each request timed from the
 * moment it was due (a late answer delays none of the next ones, and a backlog counts against the
 * server). The URLs are taken in turn from a file, one per line.
 *
 * <p>java OpenLoop.java RATE SECONDS TOKEN URLS_FILE [WARMUP_SECONDS] → "requests failed p50 p90
 * p99 max" (ms) of the SECONDS measured; why requests failed, counted, on stderr. WARMUP_SECONDS
 * (default 0) of the same load go first, unmeasured: this JVM's own code gets compiled by then, so
 * the client's start does not show in the server's latency.
 */
public class OpenLoop {
  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    String token = args[2];
    List<URI> urls = Files.readAllLines(Path.of(args[3])).stream().map(URI::create).toList();
    int warmup = args.length > 4 ? rate * Integer.parseInt(args[4]) : 0;
    int total = rate * seconds;
    long[] latencies = new long[total];
    var failed = new AtomicInteger();
    var reasons = new java.util.concurrent.ConcurrentHashMap<String, AtomicInteger>();
    var client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    long start = System.nanoTime();
    long period = 1_000_000_000L / rate;
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = -warmup; i < total; i++) {
        long due = start + (i + warmup) * period;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int n = i;
        var request =
            HttpRequest.newBuilder(urls.get(Math.floorMod(i, urls.size())))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .build();
        if (n < 0) {
          threads.submit(() -> client.send(request, HttpResponse.BodyHandlers.discarding()));
          continue;
        }
        threads.submit(
            () -> {
              try {
                int status =
                    client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 != 2) {
                  failed.incrementAndGet();
                  reasons.computeIfAbsent("HTTP " + status, r -> new AtomicInteger()).incrementAndGet();
                }
              } catch (Exception e) {
                failed.incrementAndGet();
                reasons.computeIfAbsent(e.toString(), r -> new AtomicInteger()).incrementAndGet();
              }
              latencies[n] = System.nanoTime() - due;
            });
      }
    }
    reasons.forEach((reason, n) -> System.err.printf("%d failed: %s%n", n.get(), reason));
    Arrays.sort(latencies);
    System.out.printf(
        "%d %d %.1f %.1f %.1f %.1f%n",
        total,
        failed.get(),
        ms(latencies, 0.50),
        ms(latencies, 0.90),
        ms(latencies, 0.99),
        latencies[total - 1] / 1e6);
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))]
        / 1e6;
  }
}
