package dev.paddock.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code pebble}, the ACME test server, on loopback: its own test CA, a TLS certificate
 * for its API made here with openssl, challenges always valid, no random sleeps, and the names in
 * {@code blocked} refused by policy, as a real CA refuses a name it will not certify.
 */
public final class Pebble implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final int management;
  private final Process process;

  private Pebble(Path dir, int port, int management, Process process) {
    this.dir = dir;
    this.port = port;
    this.management = management;
    this.process = process;
  }

  public static Pebble start(List<String> blocked) {
    try {
      Path dir = Files.createTempDirectory("pebble");
      Tls.selfSigned(
          dir.resolve("cert.pem"), dir.resolve("key.pem"), "DNS:localhost", "IP:127.0.0.1");
      int port = Infrastructure.freePort();
      int management = Infrastructure.freePort();
      String names = String.join(",", blocked.stream().map(name -> "\"" + name + "\"").toList());
      Files.writeString(
          dir.resolve("pebble.json"),
          """
          {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
           "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
           "ocspResponderURL": "", "externalAccountBindingRequired": false,
           "domainBlocklist": [%s]}}
          """
              .formatted(
                  port,
                  management,
                  dir.resolve("cert.pem"),
                  dir.resolve("key.pem"),
                  Infrastructure.freePort(),
                  Infrastructure.freePort(),
                  names));
      ProcessBuilder builder =
          new ProcessBuilder(
                  "pebble", "-config", dir.resolve("pebble.json").toString(), "-strict=false")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("pebble.log").toFile());
      builder.environment().put("PEBBLE_VA_ALWAYS_VALID", "1");
      builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
      builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
      Pebble pebble = new Pebble(dir, port, management, builder.start());
      await().atMost(Duration.ofSeconds(20)).until(() -> Infrastructure.listening(port));
      return pebble;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI directory() {
    return URI.create("https://127.0.0.1:" + port + "/dir");
  }

  /** The certificate pebble's own API listens with, for a client to trust it. */
  public Path apiCertificate() {
    return dir.resolve("cert.pem");
  }

  /** The root of the certificates pebble issues: new at each start. */
  public Path root() {
    Path root = dir.resolve("root.pem");
    if (!Files.exists(root)) {
      run(
          dir,
          "curl",
          "-sSf",
          "--cacert",
          apiCertificate().toString(),
          "-o",
          root.toString(),
          "https://127.0.0.1:" + management + "/roots/0");
    }
    return root;
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("pebble.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    Infrastructure.stop(process, dir);
  }

  static String run(Path dir, String... argv) {
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(List.of(argv)))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", argv) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
