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

  protected static final OwnInstallation OWN = OwnInstallation.of("it");
  protected static final String ADMIN = OWN.admin();
  protected static final String INSTALLATION = OWN.name();
  protected static final Path DATA = OWN.data();
  protected static final int EDGE_PORT = OWN.edgePort();

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void paddock(DynamicPropertyRegistry registry) {
    OWN.controlPlane(registry, Duration.ofSeconds(20));
  }

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
  }

  protected Api api() {
    return new Api(URI.create("http://127.0.0.1:" + port + "/"));
  }

  protected Path vhosts() {
    return OWN.vhosts();
  }

  /** The edge's virtual hosts and route map, as text. */
  protected String edgeConfig() throws java.io.IOException {
    return OWN.edgeConfig();
  }
}
