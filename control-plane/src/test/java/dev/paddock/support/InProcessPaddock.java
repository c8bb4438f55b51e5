package dev.paddock.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A control plane in the test JVM on real PostgreSQL, Docker and httpd, shared by every test class
 * that extends this one (one Spring context); each test uses its own tenants and apps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class InProcessPaddock {

  protected static final String ADMIN = "admin-" + Infrastructure.uniqueName("token");
  protected static final String INSTALLATION = Infrastructure.uniqueName("it");
  protected static final Path DATA = Infrastructure.dataDir();
  protected static final int EDGE_PORT = Infrastructure.freePort();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Infrastructure.removeEverythingOf(INSTALLATION);
                  Infrastructure.deleteDataDir(DATA);
                }));
  }

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void paddock(DynamicPropertyRegistry registry) {
    controlPlane(registry, INSTALLATION, DATA, EDGE_PORT, ADMIN, Duration.ofSeconds(20));
  }

  /**
   * The properties of a control plane in the test JVM on a database of its own, for a test class
   * that needs settings of its own and so its own installation, data directory and edge port.
   */
  public static void controlPlane(
      DynamicPropertyRegistry registry,
      String installation,
      Path data,
      int edgePort,
      String admin,
      Duration startTimeout) {
    // A port of its own, not a random one: a paused context binds it again when it resumes.
    int serverPort = Infrastructure.freePort();
    registry.add("server.port", () -> serverPort);
    registry.add("spring.datasource.url", Infrastructure::newDatabase);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("paddock.name", () -> installation);
    registry.add("paddock.data-dir", data::toString);
    registry.add("paddock.admin-token", () -> admin);
    registry.add("paddock.edge.port", () -> edgePort);
    registry.add("paddock.edge.httpd.stop-on-exit", () -> true);
    registry.add("paddock.sandbox.image", () -> Infrastructure.IMAGE);
    registry.add("paddock.sandbox.drain-timeout", () -> "2s");
    registry.add("paddock.sandbox.start-timeout", startTimeout::toString);
    registry.add("paddock.metrics.interval", () -> "1s");
    // Apps in tests fall asleep within seconds; users get a minimum of a minute.
    registry.add("paddock.idle.minimum", () -> "1s");
    // A training run takes a core for seconds: only the tests of AOT caches train them.
    registry.add("paddock.aot.enabled", () -> false);
  }

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  protected Api api() {
    return new Api(URI.create("http://127.0.0.1:" + port + "/"));
  }

  protected Path vhosts() {
    return DATA.resolve("httpd").resolve("vhosts.conf");
  }
}
