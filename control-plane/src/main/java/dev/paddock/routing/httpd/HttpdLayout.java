package dev.paddock.routing.httpd;

import dev.paddock.Installation;
import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Where Paddock keeps its httpd files (error pages; for a managed httpd, config, pid and logs). */
record HttpdLayout(Path dir) {

  /** Creates the directories and error pages, readable by httpd's workers. Idempotent. */
  void prepare() throws IOException {
    for (Path d : List.of(dir, errors(), proofs(), run(), errorLog().getParent())) {
      Files.createDirectories(d);
    }
    Files.setPosixFilePermissions(proofs(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(errors(), PosixFilePermissions.fromString("rwxr-xr-x"));
    requireTraversable(errors());
    for (String page : List.of("404.html", "503.html")) {
      try (InputStream in = HttpdLayout.class.getResourceAsStream("/httpd/" + page)) {
        Files.write(errors().resolve(page), in.readAllBytes());
      }
    }
  }

  /**
   * What httpd needs for HTTPS before its first reload with it: the unknown names' certificate and
   * the ACME server's CA certificate where httpd's workers can read it. Idempotent.
   */
  void prepareHttps(Https https) throws IOException {
    if (https.enabled()) {
      prepareDefaultCertificate();
    }
    if (https.acme().caCertificate() != null) {
      Files.copy(https.acme().caCertificate(), acmeCa(), StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(acmeCa(), PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /**
   * Makes the self-signed certificate of the HTTPS host that answers unknown names, once: it only
   * has to exist, no browser is meant to trust it. Its key is readable by the owner and its group
   * alone: docker-compose.yml's edge runs httpd as another user of the control plane's group.
   */
  void prepareDefaultCertificate() throws IOException {
    Path tls = defaultCertificate().getParent();
    Files.createDirectories(tls);
    Files.setPosixFilePermissions(tls, PosixFilePermissions.fromString("rwxr-x---"));
    if (!Files.exists(defaultCertificate()) || !Files.exists(defaultKey())) {
      makeDefaultCertificate();
    }
    Files.setPosixFilePermissions(defaultKey(), PosixFilePermissions.fromString("rw-r-----"));
  }

  private void makeDefaultCertificate() {
    new Command(
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "3650",
                "-subj",
                "/CN=unknown.paddock.invalid",
                "-keyout",
                defaultKey().toString(),
                "-out",
                defaultCertificate().toString()))
        .runOrThrow("Making the edge's default certificate (is openssl installed?)");
  }

  /**
   * httpd's workers run as another user when root starts httpd: they must be able to search every
   * directory above the error pages and the sockets.
   */
  static void requireTraversable(Path path) throws IOException {
    if (!Installation.asRoot()) {
      return;
    }
    for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)
          && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new RoutingException(
            "httpd's workers cannot reach %s because %s is not searchable by others (o+x): choose another paddock.data-dir or chmod o+x it"
                .formatted(path, p),
            null);
      }
    }
  }

  Path mainConfig() {
    return dir.resolve("httpd.conf");
  }

  Path vhosts() {
    return dir.resolve("vhosts.conf");
  }

  Path errors() {
    return dir.resolve("errors");
  }

  /** The map of host names to upstreams, read by httpd's workers at each request. */
  Path routes() {
    return dir.resolve("routes.db");
  }

  /** The tokens proving control of custom domains, served over HTTP by the unknown-name host. */
  Path proofs() {
    return proofs(errors());
  }

  static Path proofs(Path errors) {
    return errors.resolve("proofs");
  }

  Path run() {
    return dir.resolve("run");
  }

  Path pidFile() {
    return run().resolve("httpd.pid");
  }

  /** Where {@code mod_md} keeps its accounts, keys and certificates. */
  Path md() {
    return dir.resolve("md");
  }

  /**
   * A copy of the ACME server's CA certificate: {@code mod_md} talks to the CA from httpd's
   * workers, which may not read the admin's file where it is.
   */
  Path acmeCa() {
    return dir.resolve("acme-ca.pem");
  }

  /** The self-signed certificate of the HTTPS host that answers unknown names. */
  Path defaultCertificate() {
    return dir.resolve("tls").resolve("default.crt");
  }

  Path defaultKey() {
    return dir.resolve("tls").resolve("default.key");
  }

  Path errorLog() {
    return dir.resolve("logs").resolve("error.log");
  }
}
