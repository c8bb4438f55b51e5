package dev.paddock.support;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A control plane in the test JVM on real PostgreSQL, Docker and httpd, shared by every test class
 * that extends this one (one Spring context); each test uses its own tenants and apps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
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
    registry.add("spring.datasource.url", Infrastructure::newDatabase);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("paddock.name", () -> INSTALLATION);
    registry.add("paddock.data-dir", DATA::toString);
    registry.add("paddock.admin-token", () -> ADMIN);
    registry.add("paddock.edge.port", () -> EDGE_PORT);
    registry.add("paddock.edge.httpd.stop-on-exit", () -> true);
    registry.add("paddock.sandbox.image", () -> Infrastructure.IMAGE);
    registry.add("paddock.sandbox.drain-timeout", () -> "2s");
    registry.add("paddock.sandbox.start-timeout", () -> "20s");
    registry.add("paddock.metrics.interval", () -> "1s");
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
