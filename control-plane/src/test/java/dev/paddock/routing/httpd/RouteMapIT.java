package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.routing.AcmeProperties;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.TlsProperties;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The managed httpd routing apps by name from its route map: an app with one instance over plain
 * HTTP has no virtual host of its own, and apps come and go without a reload; requests reach the
 * app as the client sent them; an app that gets a second instance moves to a host of its own
 * without a failed request.
 */
class RouteMapIT {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final Path dir = Infrastructure.dataDir();
  private final HttpdLayout layout = new HttpdLayout(dir.resolve("httpd"));
  private final Path sockets = dir.resolve("sockets");
  private final int port = Infrastructure.freePort();
  private final EdgeProperties edge =
      new EdgeProperties("localhost", "127.0.0.1", port, "http", null, Infrastructure.freePort());
  private final HttpdProperties httpd = TestHttpd.managed(true);
  private final List<Echo> echoes = new ArrayList<>();
  private ManagedHttpd server;
  private RouteMap map;

  @AfterEach
  void stop() {
    echoes.forEach(Echo::close);
    if (server != null) {
      server.stop();
    }
    Infrastructure.deleteDataDir(dir);
  }

  @Test
  void appsWithOneInstanceAreServedByNameAndComeAndGoWithoutAReload() throws Exception {
    HttpdRouter router = start();
    Path first = echo("a");
    Route a =
        new Route(
            "a.acme.localhost", List.of("a.example.com"), List.of(first), Duration.ofSeconds(65));
    Route b = new Route("b.acme.localhost", echo("b"));

    router.sync(List.of(a, b));

    String raw = "/x%3Fy/%E2%9C%93/a%20b?q=%20&r=1";
    await().atMost(PATIENCE).until(() -> get("a.acme.localhost", "/").status() == 200);
    assertThat(get("a.acme.localhost", raw).body())
        .isEqualTo("a GET " + raw + " HTTP/1.1 host=a.acme.localhost");
    assertThat(get("A.Example.COM", "/").body()).startsWith("a GET / ");
    assertThat(get("b.acme.localhost", "/").body()).startsWith("b GET / ");
    assertThat(get("nobody.acme.localhost", "/").status()).isEqualTo(404);
    var page = get("a.acme.localhost", "/.paddock/503.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).doesNotStartWith("a ");
    assertThat(Files.readString(layout.vhosts()))
        .doesNotContain("a.acme.localhost")
        .contains("http://t65.paddock.invalid/");
    assertThat(Files.readString(map.text())).contains("a.example.com t65|");
    String hosts = Files.readString(layout.vhosts());
    Instant reloaded = server.lastReload();

    // Another app, its sandbox not started yet: its 503 page at once; then one app deleted.
    Route c = new Route("c.acme.localhost", sockets.resolve("c.sock"));
    router.sync(List.of(a, b, c));
    await().atMost(PATIENCE).until(() -> get("c.acme.localhost", "/").status() == 503);
    router.sync(List.of(a, c));
    await().atMost(PATIENCE).until(() -> get("b.acme.localhost", "/").status() == 404);
    assertThat(Files.readString(layout.vhosts())).isEqualTo(hosts);
    assertThat(server.lastReload()).isEqualTo(reloaded);

    // A second instance: a balancer of its own, and not one request lost while it moves there.
    Route twice = new Route(a.host(), a.aliases(), List.of(first, echo("a1")), a.timeout());
    try (Requests requests = new Requests("a.acme.localhost")) {
      await().atMost(PATIENCE).until(() -> requests.ok() > 10);
      router.sync(List.of(twice, c));
      int before = requests.ok();
      await().atMost(PATIENCE).until(() -> requests.ok() > before + 50);
      assertThat(requests.failed()).isZero();
    }
    assertThat(Files.readString(layout.vhosts())).contains("ServerName a.acme.localhost");
    // Its entry goes at the first sync once httpd's workers of before the reload are gone.
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              router.sync(List.of(twice, c));
              assertThat(Files.readString(map.text())).doesNotContain("a.acme.localhost");
            });
    assertThat(server.lastReload()).isAfter(reloaded);

    // A timeout no other mapped app has: its worker comes with a reload.
    Route d = new Route("d.acme.localhost", List.of(), List.of(echo("d")), Duration.ofSeconds(3));
    router.sync(List.of(twice, c, d));
    await().atMost(PATIENCE).until(() -> get("d.acme.localhost", "/").status() == 200);
    assertThat(Files.readString(layout.vhosts())).contains("timeout=3 ");

    // The same routes again (the periodic sync) change nothing; a hosts file changed behind the
    // router's back is rendered again at the next sync.
    String rendered = Files.readString(layout.vhosts());
    Instant last = server.lastReload();
    router.sync(List.of(twice, c, d));
    assertThat(server.lastReload()).isEqualTo(last);
    Files.writeString(layout.vhosts(), "# emptied by hand\n");
    router.sync(List.of(twice, c, d));
    assertThat(Files.readString(layout.vhosts())).isEqualTo(rendered);
    assertThat(get("d.acme.localhost", "/").status()).isEqualTo(200);
  }

  @Test
  void aNameOrARequestThatIsNotInTheMapIsNeverProxied() throws Exception {
    HttpdRouter router = start();
    router.sync(List.of(new Route("a.acme.localhost", echo("a"))));
    await().atMost(PATIENCE).until(() -> get("a.acme.localhost", "/").status() == 200);

    for (String host :
        List.of(
            "a.acme.localhost.evil",
            "x.a.acme.localhost",
            "a.acme.localhost|t1",
            "unix:a.acme.localhost",
            "acme.localhost")) {
      assertThat(get(host, "/").body()).as(host).doesNotStartWith("a ");
    }
    assertThat(request("GET http://a.acme.localhost/p?q HTTP/1.1", "a.acme.localhost").body())
        .isEqualTo("a GET /p?q HTTP/1.1 host=a.acme.localhost");
    assertThat(request("OPTIONS * HTTP/1.1", "a.acme.localhost").body()).doesNotStartWith("a ");
  }

  @Test
  void theMapIsWrittenWithTheToolWhereItWasFoundNotWhereThePathLeads() throws Exception {
    Infrastructure.requirePrograms("apache2-utils", RouteMap.TOOL);
    Path found =
        Stream.of("/usr/sbin", "/usr/bin")
            .map(d -> Path.of(d, RouteMap.TOOL))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow();
    // A name no PATH has, that says it ran: only the path found leads to it.
    Path tools = Files.createDirectories(dir.resolve("tools"));
    Path tool =
        Files.writeString(
            tools.resolve("paddock-dbm-writer"),
            "#!/bin/sh\ntouch \"$(dirname \"$0\")/ran\"\nexec %s \"$@\"\n".formatted(found));
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(layout.dir());
    RouteMap map = new RouteMap(layout.routes(), tool);

    map.write(Map.of("a.acme.localhost", "t65|-|/run/a.sock"));

    assertThat(tools.resolve("ran")).exists();
    assertThat(layout.routes()).isNotEmptyFile();
    assertThat(map.text()).hasContent("a.acme.localhost t65|-|/run/a.sock");
  }

  /** Starts the managed httpd, without HTTPS, and its router with a route map. */
  private HttpdRouter start() throws IOException {
    return start(Https.off(edge));
  }

  private HttpdRouter start(Https https) throws IOException {
    Infrastructure.requireHttpd();
    Infrastructure.requirePrograms("apache2-utils", RouteMap.TOOL);
    Files.createDirectories(sockets);
    Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxr-xr-x"));
    server = new ManagedHttpd(layout, httpd, Clock.systemUTC(), https);
    server.start();
    map = RouteMap.in(layout).orElseThrow();
    return new HttpdRouter(layout, layout.vhosts(), httpd, server::reload, https, map);
  }

  @Test
  void withTheAdminsCertificateItsNamesAreServedOverHttpsFromTheMap() throws Exception {
    Infrastructure.requirePrograms("openssl curl", "openssl", "curl");
    Path certificate = dir.resolve("admin.crt");
    Path key = dir.resolve("admin.key");
    Tls.selfSigned(
        certificate,
        key,
        "DNS:a.acme.localhost",
        "DNS:b.acme.localhost",
        "DNS:nobody.acme.localhost");
    HttpdRouter router =
        start(
            new Https(
                edge,
                AcmeProperties.none(),
                new TlsProperties(certificate, key),
                0,
                layout.defaultCertificate(),
                layout.defaultKey()));
    Route a = new Route("a.acme.localhost", echo("a"));
    router.sync(List.of(a));

    // HTTPS-only: over HTTPS from the map, with HSTS; HTTP goes to HTTPS.
    int httpsPort = edge.httpsPort();
    await()
        .atMost(PATIENCE)
        .until(() -> Tls.status(certificate, "a.acme.localhost", httpsPort).equals("200"));
    assertThat(Tls.headers(certificate, "a.acme.localhost", httpsPort).toLowerCase(Locale.ROOT))
        .contains("strict-transport-security: max-age=31536000");
    var http = get("a.acme.localhost", "/x?y=1");
    assertThat(http.status()).isEqualTo(301);
    assertThat(http.head()).contains("Location: https://a.acme.localhost:" + httpsPort + "/x?y=1");
    assertThat(Files.readString(layout.vhosts())).doesNotContain("ServerName a.acme.localhost");
    Instant reloaded = server.lastReload();

    // Another app, not HTTPS-only: both ways, no HSTS, and no reload to add it.
    router.sync(List.of(a, new Route("b.acme.localhost", echo("b")).httpsOnly(false)));
    await()
        .atMost(PATIENCE)
        .until(() -> Tls.status(certificate, "b.acme.localhost", httpsPort).equals("200"));
    assertThat(Tls.headers(certificate, "b.acme.localhost", httpsPort).toLowerCase(Locale.ROOT))
        .doesNotContain("strict-transport-security");
    assertThat(get("b.acme.localhost", "/").body()).startsWith("b GET / ");
    assertThat(Tls.status(certificate, "nobody.acme.localhost", httpsPort)).isEqualTo("404");
    assertThat(server.lastReload()).isEqualTo(reloaded);
  }

  private Path echo(String name) {
    Echo echo = new Echo(sockets.resolve(name + ".sock"), name);
    echoes.add(echo);
    return echo.path;
  }

  private record Response(int status, String head, String body) {}

  private Response get(String host, String path) throws IOException {
    return request("GET " + path + " HTTP/1.1", host);
  }

  /** One request on a connection of its own, its request line exactly as given. */
  private Response request(String line, String host) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              (line + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(answer.substring(9, 12));
      int end = answer.indexOf("\r\n\r\n");
      return new Response(status, answer.substring(0, end), answer.substring(end + 4));
    }
  }

  /** Requests one host in a loop until closed, counting the answers that are not 200. */
  private final class Requests implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread thread;

    Requests(String host) {
      thread =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (running.get()) {
                      try {
                        (get(host, "/").status() == 200 ? ok : failed).incrementAndGet();
                      } catch (IOException e) {
                        failed.incrementAndGet();
                      }
                    }
                  });
    }

    int ok() {
      return ok.get();
    }

    int failed() {
      return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }

  /**
   * An app on a Unix socket that answers each request with its name, the request line as it came
   * and the Host header.
   */
  private static final class Echo implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;

    Echo(Path path, String name) {
      this.path = path;
      try {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.ofVirtual()
          .start(
              () -> {
                while (server.isOpen()) {
                  try {
                    SocketChannel client = server.accept();
                    Thread.ofVirtual().start(() -> answer(client, name));
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
    }

    private static void answer(SocketChannel client, String name) {
      try (client) {
        ByteBuffer buffer = ByteBuffer.allocate(16_384);
        String head = "";
        while (!head.contains("\r\n\r\n") && client.read(buffer) > 0) {
          head = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        }
        String host =
            head.lines()
                .filter(l -> l.regionMatches(true, 0, "Host:", 0, 5))
                .map(l -> l.substring(5).strip())
                .findFirst()
                .orElse("");
        String body = name + " " + head.lines().findFirst().orElse("") + " host=" + host;
        client.write(
            ByteBuffer.wrap(
                ("HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                        .formatted(body.length(), body))
                    .getBytes(StandardCharsets.ISO_8859_1)));
      } catch (IOException e) {
        // the client went away
      }
    }

    @Override
    public void close() {
      try {
        server.close();
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
