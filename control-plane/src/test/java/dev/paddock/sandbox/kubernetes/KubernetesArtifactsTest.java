package dev.paddock.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release jars served to sandboxes only by signed links. */
class KubernetesArtifactsTest {

  static final String SHA = "0123456789abcdef".repeat(4);
  static final String OTHER_SHA = "fedcba9876543210".repeat(4);
  static final byte[] JAR = "the release's bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  final ArtifactLinks links = new ArtifactLinks("the key".getBytes(StandardCharsets.UTF_8));
  final HttpClient http = HttpClient.newHttpClient();
  ArtifactServer server;

  @BeforeEach
  void serve() throws IOException {
    Files.write(dir.resolve(SHA + ".jar"), JAR);
    server = new ArtifactServer(0, links, sha -> dir.resolve(sha + ".jar"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aSignedLinkGetsTheJar() throws Exception {
    URI link = links.link("127.0.0.1", server.port(), "acme", SHA);

    HttpResponse<byte[]> response = get(link);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(JAR);
  }

  @Test
  void aLinkOfAnotherTenantOrJarOrWithoutSignatureIsNotFound() throws Exception {
    String signature = links.sign("acme", SHA);

    assertThat(status("/artifacts/%s?tenant=other&signature=%s".formatted(SHA, signature)))
        .isEqualTo(404);
    assertThat(status("/artifacts/%s?tenant=acme&signature=%s".formatted(SHA, "00" + signature)))
        .isEqualTo(404);
    assertThat(status("/artifacts/%s?tenant=acme".formatted(SHA))).isEqualTo(404);
    assertThat(status("/artifacts/%s?tenant=acme&signature=%s".formatted(OTHER_SHA, signature)))
        .isEqualTo(404);
    assertThat(status("/other?tenant=acme&signature=" + signature)).isEqualTo(404);
  }

  @Test
  void aSignedLinkToAJarNoLongerKeptIsNotFound() throws Exception {
    assertThat(get(links.link("127.0.0.1", server.port(), "acme", OTHER_SHA)).statusCode())
        .isEqualTo(404);
  }

  @Test
  void onlyGetIsServed() throws Exception {
    URI link = links.link("127.0.0.1", server.port(), "acme", SHA);

    var response =
        http.send(
            HttpRequest.newBuilder(link).DELETE().build(), HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void aKeyIsGeneratedOnceAndKeptPrivate() throws Exception {
    Path file = dir.resolve("keys").resolve("artifact-key");

    String first = ArtifactLinks.from(null, file).sign("acme", SHA);
    String second = ArtifactLinks.from("", file).sign("acme", SHA);

    assertThat(second).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(ArtifactLinks.from("configured", file).sign("acme", SHA)).isNotEqualTo(first);
  }

  private int status(String pathAndQuery) throws Exception {
    return get(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).statusCode();
  }

  private HttpResponse<byte[]> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
