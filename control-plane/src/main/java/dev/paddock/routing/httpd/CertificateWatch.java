package dev.paddock.routing.httpd;

import dev.paddock.lifecycle.Periodic;
import dev.paddock.routing.Certificate;
import dev.paddock.routing.CertificateChanged;
import dev.paddock.routing.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads httpd's certificate status (managed or external) at every interval: a certificate {@code
 * mod_md} has just obtained (or renewed) is activated with a graceful reload, which also turns on
 * its name's redirect to HTTPS; each change of a name's state is published as a {@link
 * CertificateChanged}. A failure is remembered until the name gets its certificate, though {@code
 * mod_md} forgets it at a reload. Names under the base domain served with the admin's certificate
 * are active from the start; when its files change (a renewal), httpd is reloaded to serve them.
 */
class CertificateWatch extends Periodic implements Certificates {

  private static final Logger log = LoggerFactory.getLogger(CertificateWatch.class);

  /** More than the status of 10,000 names; a longer answer is not httpd's and is not read. */
  private static final int MAX_STATUS = 32 * 1024 * 1024;

  private final Https https;
  private final HttpdRouter router;
  private final ApplicationEventPublisher events;
  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile Certificate fromFiles;
  private String adminFiles;
  private volatile Map<String, Certificate> known = Map.of();
  private volatile Set<String> secured = Set.of();
  private final Set<String> activated = new HashSet<>();
  private volatile String problem;

  CertificateWatch(Https https, HttpdRouter router, ApplicationEventPublisher events) {
    super("certificate-watch");
    this.https = https;
    this.router = router;
    this.events = events;
    this.fromFiles = https.tls().enabled() ? adminCertificate() : null;
  }

  @Override
  public Optional<Certificate> of(String host) {
    if (!https.served(host)) {
      return Optional.empty();
    }
    if (https.fromFiles(host)) {
      return Optional.of(
          new Certificate(
              host,
              fromFiles.state(),
              fromFiles.issuer(),
              fromFiles.expires(),
              fromFiles.error(),
              null));
    }
    return Optional.of(known.getOrDefault(host, Certificate.pending(host)));
  }

  /** Why httpd's certificate status could not be read the last time; null when it was. */
  String problem() {
    return problem;
  }

  /** The names whose certificate serves, or will from the next reload. Thread-safe. */
  Set<String> secured() {
    return secured;
  }

  /** One reading of the admin's certificate files and of httpd's certificate status. */
  @Override
  protected void check() {
    if (https.tls().enabled()) {
      checkAdminFiles();
    }
    if (https.acme().enabled()) {
      checkStatus();
    }
  }

  /**
   * Reloads httpd when the admin's certificate or key is another file or has changed (certbot
   * renews by moving the links in {@code live/}): httpd reads them only when it starts or reloads,
   * and an app created or deleted reloads nothing.
   */
  private void checkAdminFiles() {
    String now = adminFiles();
    if (adminFiles != null && !now.equals(adminFiles)) {
      log.info("The admin's certificate or key changed: a graceful reload serves it");
      fromFiles = adminCertificate();
      router.reload();
    }
    adminFiles = now;
  }

  /** Where the admin's certificate and key lead, and their time and size. */
  private String adminFiles() {
    StringBuilder out = new StringBuilder();
    for (Path file : List.of(https.tls().certificate(), https.tls().key())) {
      try {
        out.append(file.toRealPath())
            .append(' ')
            .append(Files.getLastModifiedTime(file).toMillis())
            .append(' ')
            .append(Files.size(file))
            .append('\n');
      } catch (IOException e) {
        out.append(file).append(" unreadable\n");
      }
    }
    return out.toString();
  }

  /**
   * Records what changed in httpd's certificate status, and reloads httpd when a new certificate
   * waits for it. A status that cannot be read changes nothing.
   */
  private void checkStatus() {
    Optional<MdStatus> read = read();
    if (read.isEmpty()) {
      return;
    }
    MdStatus status = read.get();
    Map<String, Certificate> now = new HashMap<>();
    status
        .certificates()
        .forEach(
            (host, certificate) -> {
              Certificate before = known.get(host);
              boolean forgotten =
                  certificate.state() == Certificate.State.PENDING
                      && before != null
                      && before.state() == Certificate.State.FAILING;
              now.put(host, forgotten ? before : certificate);
            });
    Map<String, Certificate> before = known;
    known = Map.copyOf(now);
    secured = Set.copyOf(status.secured());
    Map<String, String> waiting = new HashMap<>(status.staged());
    waiting.entrySet().removeIf(staged -> activated.contains(staged.getKey() + staged.getValue()));
    if (!waiting.isEmpty()) {
      log.info("Activating the new certificate(s) of {} with a graceful reload", waiting.keySet());
      if (!router.refresh()) {
        router.reload();
      }
      waiting.forEach((host, serial) -> activated.add(host + serial));
    }
    now.forEach(
        (host, certificate) -> {
          Certificate was = before.get(host);
          if (changed(was, certificate)) {
            events.publishEvent(new CertificateChanged(was, certificate));
          }
        });
  }

  private static boolean changed(Certificate was, Certificate now) {
    if (was == null) {
      return now.state() != Certificate.State.PENDING;
    }
    return was.state() != now.state()
        || !Objects.equals(was.expires(), now.expires())
        || !Objects.equals(was.error(), now.error());
  }

  private Optional<MdStatus> read() {
    URI uri = URI.create("http://127.0.0.1:" + https.statusPort() + "/md-status");
    Optional<MdStatus> status = read(uri);
    problem =
        status.isPresent()
            ? null
            : ("httpd's certificate status at %s does not answer: certificates are neither"
                    + " activated nor shown. Does httpd load %s and include Paddock's file?")
                .formatted(uri, HttpsConfig.MODULES);
    return status;
  }

  private Optional<MdStatus> read(URI uri) {
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          return Optional.empty();
        }
        byte[] bytes = body.readNBytes(MAX_STATUS + 1);
        if (bytes.length > MAX_STATUS) {
          log.warn("httpd's certificate status at {} is over {} bytes: not read", uri, MAX_STATUS);
          return Optional.empty();
        }
        return Optional.of(MdStatus.parse(json.readTree(bytes)));
      }
    } catch (IOException | JacksonException e) {
      log.debug("httpd's certificate status is not readable now: {}", e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The admin's certificate file: its issuer and expiry, or why it cannot be read. */
  private Certificate adminCertificate() {
    String host = "*." + https.edge().baseDomain();
    try (InputStream in = Files.newInputStream(https.tls().certificate())) {
      var leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return Certificate.active(
          host, leaf.getIssuerX500Principal().getName(), leaf.getNotAfter().toInstant());
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      return Certificate.failing(
          host, "Cannot read " + https.tls().certificate() + ": " + e.getMessage(), null);
    }
  }

  /** With certificates from an ACME CA (mod_md then has a status to read) or the admin's. */
  @Override
  protected boolean wanted() {
    return https.acme().enabled() || https.tls().enabled();
  }

  @Override
  protected Duration interval() {
    return https.acme().checkInterval();
  }

  @Override
  public int getPhase() {
    // After httpd has started, before it stops.
    return Integer.MIN_VALUE + 200;
  }
}
