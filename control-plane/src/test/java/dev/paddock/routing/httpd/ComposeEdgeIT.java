package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml's edge service, its files run as compose runs them but on the host (the image
 * cannot be built offline): {@code compose/edge/run} as the edge's user keeps httpd in the
 * foreground with {@code compose/edge/httpd.conf}, and the control plane's user reloads it through
 * {@code compose/edge/reload}, which answers with httpd's config test. httpd's user is in the
 * control plane's group (as compose's {@code user: "10002:10001"}) and no other: not the Docker
 * socket's.
 */
class ComposeEdgeIT {

  private static final int CONTROL_PLANE = 10001;
  private static final int EDGE = 10002;
  private static final Path FILES =
      Path.of(System.getProperty("paddock.repo.root", "..")).resolve("compose/edge");

  @BeforeAll
  static void services() {
    Infrastructure.requireHttpd();
    Infrastructure.requirePrograms("util-linux", "setpriv");
  }

  @Test
  void theEdgesUserServesAndReloadsWhenTheControlPlaneAsksAndHasNoDockerAccess() throws Exception {
    Path dir = Infrastructure.dataDir();
    Path edge = dir.resolve("edge");
    int port = Infrastructure.freePort();
    Process run = null;
    try {
      Files.createDirectory(edge);
      own(edge, CONTROL_PLANE, CONTROL_PLANE);
      Files.setPosixFilePermissions(edge, PosixFilePermissions.fromString("rwxrwx---"));
      for (String script : List.of("run", "reload")) {
        Files.copy(FILES.resolve(script), dir.resolve(script));
      }
      Files.writeString(
          dir.resolve("httpd.conf"),
          Files.readString(FILES.resolve("httpd.conf"))
              .replace("/edge", edge.toString())
              .replace("Listen 8000", "Listen 127.0.0.1:" + port)
              // In a container the runtime gives the standard streams to its user; not here.
              .replace("ErrorLog /dev/stderr", "ErrorLog " + edge.resolve("error.log")));
      Map<String, String> env =
          Map.of(
              "PADDOCK_EDGE_DIR", edge.toString(),
              "PADDOCK_EDGE_CONFIG", dir.resolve("httpd.conf").toString());

      run =
          as(EDGE, CONTROL_PLANE, env, dir.resolve("run"))
              .redirectOutput(dir.resolve("edge.log").toFile())
              .start();
      await().atMost(Duration.ofSeconds(30)).until(() -> Infrastructure.listening(port));

      writeVhosts(edge, port, "ErrorDocument 404 \"edge one\"");
      assertThat(reload(dir, env)).startsWith("0 ");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Api.edge(port, "one.localhost", "/").body().equals("edge one"));

      // A config httpd refuses: the reload says why and httpd serves on with the last good one.
      writeVhosts(edge, port, "NoSuchDirective here");
      assertThat(reload(dir, env)).doesNotStartWith("0 ").contains("NoSuchDirective");
      assertThat(Api.edge(port, "one.localhost", "/").body()).isEqualTo("edge one");

      long httpd = Long.parseLong(Files.readString(edge.resolve("httpd.pid")).strip());
      int docker = (Integer) Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid");
      List<String> status = Files.readAllLines(Path.of("/proc/" + httpd + "/status"));
      assertThat(status).anyMatch(line -> line.matches("Uid:\\s+" + EDGE + "\\s.*"));
      assertThat(status).anyMatch(line -> line.matches("Gid:\\s+" + CONTROL_PLANE + "\\s.*"));
      assertThat(status).anyMatch(line -> line.matches("Groups:\\s*"));
      assertThat(docker).isNotIn(EDGE, CONTROL_PLANE);

      run.destroy();
      await().atMost(Duration.ofSeconds(30)).until(() -> !Infrastructure.listening(port));
    } finally {
      if (run != null) {
        run.descendants().forEach(ProcessHandle::destroyForcibly);
        run.destroyForcibly();
      }
      Infrastructure.deleteDataDir(dir);
    }
  }

  private static void writeVhosts(Path edge, int port, String body) throws IOException {
    Path vhosts = edge.resolve("vhosts.conf");
    Files.writeString(
        vhosts,
        "<VirtualHost *:%d>\n    ServerName one.localhost\n    %s\n</VirtualHost>\n"
            .formatted(port, body));
    own(vhosts, CONTROL_PLANE, CONTROL_PLANE);
  }

  /** Runs the reload script as the control plane's user: its exit, a space, its output. */
  private static String reload(Path dir, Map<String, String> env) throws Exception {
    Process reload = as(CONTROL_PLANE, CONTROL_PLANE, env, dir.resolve("reload")).start();
    String output = new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return reload.waitFor() + " " + output;
  }

  private static ProcessBuilder as(int uid, int gid, Map<String, String> env, Path script) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=" + uid,
                "--regid=" + gid,
                "--clear-groups",
                "--inh-caps=-all",
                "--",
                "/bin/sh",
                script.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder;
  }

  private static void own(Path path, int uid, int gid) throws IOException {
    Files.setAttribute(path, "unix:uid", uid);
    Files.setAttribute(path, "unix:gid", gid);
  }
}
