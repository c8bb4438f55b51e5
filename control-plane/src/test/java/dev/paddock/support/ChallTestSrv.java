package dev.paddock.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's {@code pebble-challtestsrv} on loopback: a DNS server whose records a test sets through
 * its management API. Every name it is not told about resolves to 127.0.0.1.
 */
public final class ChallTestSrv implements AutoCloseable {

  private final Path dir;
  private final int dns;
  private final int management;
  private final Process process;

  private ChallTestSrv(Path dir, int dns, int management, Process process) {
    this.dir = dir;
    this.dns = dns;
    this.management = management;
    this.process = process;
  }

  public static ChallTestSrv start() {
    try {
      Path dir = Files.createTempDirectory("challtestsrv");
      int dns = Infrastructure.freePort();
      int management = Infrastructure.freePort();
      Process process =
          new ProcessBuilder(
                  "pebble-challtestsrv",
                  "-dns01",
                  "127.0.0.1:" + dns,
                  "-management",
                  "127.0.0.1:" + management,
                  "-http01",
                  "",
                  "-https01",
                  "",
                  "-tlsalpn01",
                  "")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("challtestsrv.log").toFile())
              .start();
      await().atMost(Duration.ofSeconds(20)).until(() -> Infrastructure.listening(management));
      return new ChallTestSrv(dir, dns, management, process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The DNS server, as {@code host:port}. */
  public String resolver() {
    return "127.0.0.1:" + dns;
  }

  /** Points the name at the address (A record). */
  public void a(String host, String address) {
    call("add-a", "{\"host\": \"%s.\", \"addresses\": [\"%s\"]}".formatted(host, address));
  }

  /** Sets the name's TXT record. */
  public void txt(String host, String value) {
    call("set-txt", "{\"host\": \"%s.\", \"value\": \"%s\"}".formatted(host, value));
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("challtestsrv.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private void call(String path, String json) {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/" + path))
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    Infrastructure.stop(process, dir);
  }
}
