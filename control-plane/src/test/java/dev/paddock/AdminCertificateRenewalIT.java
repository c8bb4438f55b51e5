package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Tenancy;
import dev.paddock.support.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin's own certificate for the names under the base domain, served by the edge's container
 * of a control plane that is not root (the docker-compose install's users, as in {@link
 * NonRootIsolationIT}), and renewed the way certbot renews one: new files beside the old ones in
 * {@code archive/}, the links in {@code live/} moved to them. The control plane sees the change and
 * reloads httpd, which then serves the new one.
 */
class AdminCertificateRenewalIT {

  /** The docker-compose install's user and group. */
  private static final int COMPOSE_UID = 10001;

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
    Infrastructure.requirePrograms("util-linux", "setpriv");
    Infrastructure.requirePrograms("openssl curl", "openssl", "curl");
  }

  @Test
  void theEdgesContainerServesTheRenewedCertificateBehindCertbotsLinksAfterAReload()
      throws Exception {
    String installation = Infrastructure.uniqueName("certs");
    String admin = Infrastructure.uniqueName("admin");
    String tenant = Infrastructure.uniqueName("site");
    Path sockets = Infrastructure.sharedSocketRoot(COMPOSE_UID);
    Path tls = Files.createTempDirectory("paddock-certs-");
    Path archive = Files.createDirectories(tls.resolve("archive/site"));
    Path live = Files.createDirectories(tls.resolve("live/site"));
    for (Path dir : new Path[] {tls, tls.resolve("archive"), archive, tls.resolve("live"), live}) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String names = "*." + tenant + ".localhost";
    selfSigned(archive, 1, names);
    link(live.resolve("fullchain.pem"), "../../archive/site/cert1.pem");
    link(live.resolve("privkey.pem"), "../../archive/site/privkey1.pem");
    int https = Infrastructure.freePort();
    PackagedControlPlane cp =
        new PackagedControlPlane(
            installation,
            Infrastructure.newDatabase(),
            admin,
            Map.of(
                "PADDOCK_SANDBOX_SOCKET_DIR", sockets.toString(),
                "PADDOCK_EDGE_HTTPS_PORT", String.valueOf(https),
                "PADDOCK_EDGE_TLS_CERTIFICATE", live.resolve("fullchain.pem").toString(),
                "PADDOCK_EDGE_TLS_KEY", live.resolve("privkey.pem").toString()));
    try {
      cp.runAs(COMPOSE_UID, COMPOSE_UID, dockerGroup()).start();
      Tenancy site = Tenancy.create(cp.api, admin, tenant);
      site.createApp("hello");
      assertThat(
              site.awaitDeploy(
                  "hello", site.uploadAndDeploy("hello", Api.example("hello-handler"))))
          .isEqualTo("live");
      String host = site.host("hello");
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(Tls.status(archive.resolve("cert1.pem"), host, https))
                      .isEqualTo("200"));

      selfSigned(archive, 2, names);
      link(live.resolve("fullchain.pem"), "../../archive/site/cert2.pem");
      link(live.resolve("privkey.pem"), "../../archive/site/privkey2.pem");
      // The control plane sees the files change and reloads httpd, which reads them again.

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Tls.status(archive.resolve("cert2.pem"), host, https))
                      .isEqualTo("200"));
      assertThat(Tls.status(archive.resolve("cert1.pem"), host, https))
          .as("the old certificate is no longer served")
          .isNotEqualTo("200");
    } finally {
      cp.stop();
      Infrastructure.removeEverythingOf(installation);
      Infrastructure.deleteDataDir(sockets);
      Infrastructure.deleteDataDir(tls);
    }
  }

  /** A certificate for {@code names} and its key, {@code certN.pem} and {@code privkeyN.pem}. */
  private static void selfSigned(Path dir, int n, String names) throws IOException {
    Tls.selfSigned(
        dir.resolve("cert" + n + ".pem"), dir.resolve("privkey" + n + ".pem"), "DNS:" + names);
    // Readable by the control plane's and the edge's users, as an admin would make them.
    for (String file : new String[] {"cert" + n + ".pem", "privkey" + n + ".pem"}) {
      Files.setPosixFilePermissions(
          dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /** Points {@code link} at {@code target} in one step, as certbot moves its links. */
  private static void link(Path link, String target) throws IOException {
    Path next = link.resolveSibling(link.getFileName() + ".next");
    Files.deleteIfExists(next);
    Files.createSymbolicLink(next, Path.of(target));
    Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static int dockerGroup() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid");
  }
}
