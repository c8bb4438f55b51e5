package dev.paddock.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A control plane's own installation for a test class: a unique name, admin token, data directory
 * and edge port, and everything of it removed when the test JVM exits.
 *
 * @param name the installation's name, on every container and network it makes
 * @param admin the platform admin's token
 * @param data the data directory
 * @param edgePort httpd's port
 */
public record OwnInstallation(String name, String admin, Path data, int edgePort) {

  /** A new installation named after {@code prefix}, cleaned up at exit. */
  public static OwnInstallation of(String prefix) {
    OwnInstallation own =
        new OwnInstallation(
            Infrastructure.uniqueName(prefix),
            "admin-" + Infrastructure.uniqueName("token"),
            Infrastructure.dataDir(),
            Infrastructure.freePort());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Infrastructure.removeEverythingOf(own.name());
                  Infrastructure.deleteDataDir(own.data());
                }));
    return own;
  }

  /**
   * The properties of a control plane in the test JVM of this installation, on a database of its
   * own.
   */
  public void controlPlane(DynamicPropertyRegistry registry, Duration startTimeout) {
    // A port of its own, not a random one: a paused context binds it again when it resumes.
    int serverPort = Infrastructure.freePort();
    registry.add("server.port", () -> serverPort);
    registry.add("spring.datasource.url", Infrastructure::newDatabase);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("paddock.name", this::name);
    registry.add("paddock.data-dir", data::toString);
    registry.add("paddock.admin-token", this::admin);
    registry.add("paddock.edge.port", this::edgePort);
    registry.add("paddock.edge.httpd.stop-on-exit", () -> true);
    registry.add("paddock.sandbox.image", () -> Infrastructure.IMAGE);
    registry.add("paddock.sandbox.drain-timeout", () -> "2s");
    registry.add("paddock.sandbox.start-timeout", startTimeout::toString);
    registry.add("paddock.metrics.interval", () -> "1s");
    // Apps in tests fall asleep within seconds; users get a minimum of a minute.
    registry.add("paddock.idle.minimum", () -> "1s");
    // Paused sandboxes of a sleeping app are removed within a test's patience.
    registry.add("paddock.idle.paused-for", () -> "20s");
    // A training run takes a core for seconds: only the tests of AOT caches train them.
    registry.add("paddock.aot.enabled", () -> false);
  }

  /** httpd's generated virtual hosts. */
  public Path vhosts() {
    return data.resolve("httpd").resolve("vhosts.conf");
  }

  /**
   * What the edge is configured with: its virtual hosts, then its route map as text (the names of
   * the apps that have no virtual host of their own).
   */
  public String edgeConfig() throws IOException {
    Path map = data.resolve("httpd").resolve("routes.txt");
    return Files.readString(vhosts()) + (Files.exists(map) ? Files.readString(map) : "");
  }
}
