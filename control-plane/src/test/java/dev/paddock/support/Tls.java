package dev.paddock.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Certificates and HTTPS requests for tests, made with the host's openssl and curl. */
public final class Tls {

  private Tls() {}

  /**
   * A self-signed EC certificate valid for two days, for {@code names} as subjectAltName entries
   * ({@code DNS:example.com}, {@code IP:127.0.0.1}), the first one its subject's name.
   */
  public static void selfSigned(Path certificate, Path key, String... names) throws IOException {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=" + names[0].substring(names[0].indexOf(':') + 1),
                "-addext",
                "subjectAltName=" + String.join(",", names),
                "-keyout",
                key.toString(),
                "-out",
                certificate.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exit(openssl)).as(said).isZero();
  }

  /**
   * The status of {@code GET https://host:port/} sent to 127.0.0.1, trusting {@code trusted} only:
   * {@code 000} when no answer came or the certificate served is not that one's.
   */
  public static String status(Path trusted, String host, int port) throws IOException {
    return get(trusted, host, port, "-o", "/dev/null", "-w", "%{http_code}").strip();
  }

  /**
   * The response headers of {@code GET https://host:port/} sent to 127.0.0.1, trusting {@code
   * trusted} only; empty when no answer came.
   */
  public static String headers(Path trusted, String host, int port) throws IOException {
    return get(trusted, host, port, "-D", "-", "-o", "/dev/null");
  }

  private static String get(Path trusted, String host, int port, String... output)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "10"));
    command.addAll(List.of(output));
    command.addAll(
        List.of(
            "--cacert",
            trusted.toString(),
            "--resolve",
            host + ":" + port + ":127.0.0.1",
            "https://" + host + ":" + port + "/"));
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String said = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    exit(curl);
    return said;
  }

  private static int exit(Process process) throws IOException {
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(process.info().command().orElse("a process") + " did not end");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
