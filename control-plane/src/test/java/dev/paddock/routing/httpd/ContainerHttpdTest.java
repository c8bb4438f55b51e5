package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerHttpdTest {

  @TempDir Path dir;

  @Test
  void theAdminsCertificateIsSeenThroughItsDirectoriesSoThatARenewalIsToo() throws IOException {
    Path archive = Files.createDirectories(dir.resolve("archive/example.com"));
    Path live = Files.createDirectories(dir.resolve("live/example.com"));
    Files.writeString(archive.resolve("fullchain1.pem"), "certificate");
    Files.writeString(archive.resolve("privkey1.pem"), "key");
    Path certificate =
        Files.createSymbolicLink(
            live.resolve("fullchain.pem"), Path.of("../../archive/example.com/fullchain1.pem"));
    Path key =
        Files.createSymbolicLink(
            live.resolve("privkey.pem"), Path.of("../../archive/example.com/privkey1.pem"));

    assertThat(ContainerHttpd.tlsDirectories(List.of(Path.of("/usr")), certificate, key))
        .containsExactly(live, archive.toRealPath());
  }

  @Test
  void aDirectoryAlreadyMountedIsNotMountedAgain() throws IOException {
    Path certificate = Files.writeString(dir.resolve("wildcard.pem"), "certificate");
    Path key = Files.writeString(dir.resolve("wildcard.key"), "key");

    assertThat(ContainerHttpd.tlsDirectories(List.of(dir), certificate, key)).isEmpty();
    assertThat(ContainerHttpd.tlsDirectories(List.of(), certificate, key)).containsExactly(dir);
  }
}
