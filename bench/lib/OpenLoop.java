import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load: GETs at a fixed rate, each timed from the moment it was due, so a late answer
 * counts against the server (and so does every read it held up). The URLs are taken in turn from
 * a file, one per line.
 *
 * <p>The reads go out on a fixed set of keep-alive connections, one thread each: read {@code i}
 * on connection {@code i % STREAMS}, each due {@code 1/RATE} s after the last. A reader that opened
 * a connection and a thread per late read would cost the host most when the server is slowest, on
 * the same cores as the server it measures; this one costs a few microseconds of CPU a read, and
 * says how much on its second line.
 *
 * <p>java OpenLoop.java RATE SECONDS TOKEN URLS_FILE [WARMUP_SECONDS] → "requests failed p50 p90
 * p99 max" (ms) of the SECONDS measured, then "cpu_ms N": this JVM's CPU over the whole run; why
 * requests failed, counted, on stderr. WARMUP_SECONDS (default 0) of the same load go first,
 * unmeasured: this JVM's own code gets compiled by then, so the client's start does not show in
 * the server's latency.
 */
public class OpenLoop {
  private static final int STREAMS = 32;

  public static void main(String[] args) throws Exception {
    // The JDK keeps 5 idle connections to a host unless told more: one per stream.
    System.setProperty("http.maxConnections", String.valueOf(STREAMS));
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    String token = args[2];
    List<URL> urls = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[3]))) {
      urls.add(URI.create(line).toURL());
    }
    int warmup = args.length > 4 ? rate * Integer.parseInt(args[4]) : 0;
    int total = rate * seconds;
    long[] latencies = new long[total];
    var failed = new AtomicInteger();
    var reasons = new ConcurrentHashMap<String, AtomicInteger>();
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime() + 100_000_000L;
    List<Thread> streams = new ArrayList<>();
    for (int s = 0; s < STREAMS; s++) {
      int first = s;
      streams.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = first; i < warmup + total; i += STREAMS) {
                      long due = start + i * period;
                      long wait = due - System.nanoTime();
                      if (wait > 0) {
                        sleep(wait);
                      }
                      String failure = get(urls.get(i % urls.size()), token);
                      int n = i - warmup;
                      if (n < 0) {
                        continue;
                      }
                      latencies[n] = System.nanoTime() - due;
                      if (failure != null) {
                        failed.incrementAndGet();
                        reasons.computeIfAbsent(failure, r -> new AtomicInteger()).incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread stream : streams) {
      stream.join();
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
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf("cpu_ms %d%n", os.getProcessCpuTime() / 1_000_000);
  }

  /** One GET on the thread's keep-alive connection: null when it answered 2xx, else why not. */
  private static String get(URL url, String token) {
    try {
      var connection = (HttpURLConnection) url.openConnection();
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(30_000);
      connection.setRequestProperty("Authorization", "Bearer " + token);
      connection.setRequestProperty("Accept", "application/json");
      int status = connection.getResponseCode();
      // Reading the body to its end hands the connection back for the next read.
      try (InputStream body =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (body != null) {
          body.transferTo(OutputStream.nullOutputStream());
        }
      }
      return status / 100 == 2 ? null : "HTTP " + status;
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))]
        / 1e6;
  }
}
