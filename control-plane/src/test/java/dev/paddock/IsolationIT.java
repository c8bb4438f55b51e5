package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import dev.paddock.support.Api;
import dev.paddock.support.CanaryHost;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The isolation battery: an attacker app deployed as tenant B tries, from inside its sandbox, to
 * reach tenant A's sandbox, the control plane, PostgreSQL, the httpd edge, a host service on every
 * host address and the Docker API, hosts at a link-local and a private address, to read the host's
 * files, to write its root file system, to gain privileges, and to exhaust pids, /tmp and memory.
 * Every attempt must fail, and tenant A must keep serving throughout.
 *
 * <p>Through its socket directory, the one host directory it can write, the attacker plants links
 * to a host socket the test listens on (standing in for Docker's) and FIFOs wherever the edge might
 * connect, swaps its own socket for such a link before the switch, fills the directory and locks
 * it: nothing may ever connect to the host socket, the swapped app is not routed, the directory is
 * bounded (as root), and other tenants' apps created afterwards are served.
 */
class IsolationIT extends InProcessPaddock {

  private static final int PIDS = 128;

  @Value("${spring.datasource.url}")
  String database;

  private Tenancy victim;
  private Tenancy attacker;

  @BeforeEach
  void tenants() {
    Infrastructure.requireRootNetworking();
    victim = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("victim"));
    attacker = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("attacker"));
    victim.createApp("shop");
    attacker.createApp("evil");
    api().put(attacker.apps() + "/evil/limits", attacker.token(), Map.of("pids", PIDS));
    assertThat(
            victim.awaitDeploy(
                "shop", victim.uploadAndDeploy("shop", Api.example("hello-handler"))))
        .isEqualTo("live");
    assertThat(
            attacker.awaitDeploy("evil", attacker.uploadAndDeploy("evil", Api.example("attacker"))))
        .isEqualTo("live");
  }

  @AfterEach
  void cleanUp() {
    victim.deleteApp("shop", INSTALLATION);
    attacker.deleteApp("evil", INSTALLATION);
  }

  @Test
  void everyAttemptFromInsideASandboxFailsAndTheNeighbourKeepsServing() throws IOException {
    String neighbour = address(INSTALLATION, victim.tenant()) + ":9000";
    List<String> report = new ArrayList<>();
    int tried = 0;
    int blocked = 0;
    Map<Integer, Long> statuses;
    try (CanaryHost canary = CanaryHost.start();
        ServerSocket everyAddress = new ServerSocket(0);
        Load load = new Load(EDGE_PORT, victim.host("shop"), "/", 2)) {
      String query =
          "neighbour=%s&controlPlane=%d&postgres=%d&edge=%d&hostWide=%d&linkLocal=%s&privateNet=%s"
                  .formatted(
                      neighbour,
                      port,
                      URI.create(database.substring(5)).getPort(),
                      EDGE_PORT,
                      everyAddress.getLocalPort(),
                      canary.linkLocalTarget(),
                      canary.privateTarget())
              + Infrastructure.hostAddresses().stream()
                  .map(a -> "&hostAddress=" + a)
                  .collect(Collectors.joining());
      JsonNode attacks = attack("/attack?" + query).json();
      tried += attacks.get("tried").asInt();
      blocked += attacks.get("blocked").asInt();
      for (JsonNode a : attacks.get("attempts")) {
        report.add(
            "%s %s -> %s: %s"
                .formatted(
                    a.get("blocked").asBoolean() ? "blocked" : "NOT BLOCKED",
                    a.get("name").asString(),
                    a.get("target").asString(),
                    a.get("detail").asString()));
      }

      // Exhaustion the sandbox survives: it stops at its own limits.
      JsonNode pids = attack("/attack/pids").json();
      tried++;
      if (pids.get("threads").asInt() < PIDS) {
        blocked++;
      }
      report.add(
          "pids: %d threads, then %s"
              .formatted(pids.get("threads").asInt(), pids.get("stoppedBy").asString()));
      JsonNode tmp = attack("/attack/tmp").json();
      tried++;
      if (tmp.get("bytes").asLong() <= 64L << 20) {
        blocked++;
      }
      report.add(
          "/tmp: %d bytes, then %s"
              .formatted(tmp.get("bytes").asLong(), tmp.get("stoppedBy").asString()));

      // Output: 24 MiB to stdout leaves at most two files of 10 MiB on the host's disk.
      JsonNode logs = attack("/attack/logs?mib=24").json();
      tried++;
      long kept = hostLogBytes(INSTALLATION, attacker.tenant());
      if (kept <= 2 * (10L << 20) + (64 << 10)) {
        blocked++;
      }
      report.add(
          "stdout: %d bytes written, %d kept on the host"
              .formatted(logs.get("bytes").asLong(), kept));

      // Memory: the attacker's JVM dies within its own limit and is replaced.
      Api.edge(EDGE_PORT, attacker.host("evil"), "/attack/memory");
      tried++;
      await().atMost(Duration.ofSeconds(60)).until(() -> !crashes().isEmpty());
      if (crashes().getFirst().contains("OutOfMemoryError")) {
        blocked++;
      }
      report.add("memory: " + crashes().getFirst().lines().findFirst().orElse(""));
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> attack("/").body().contains("attacker ready"));
      statuses = load.stop();
    }

    System.out.printf(
        "Isolation battery: %d tried, %d blocked%n  %s%n",
        tried, blocked, String.join("\n  ", report));
    assertThat(report).noneMatch(line -> line.startsWith("NOT BLOCKED"));
    assertThat(blocked).isEqualTo(tried);
    assertThat(tried).isGreaterThanOrEqualTo(46);
    assertThat(statuses).containsOnlyKeys(200);
  }

  @Test
  void nothingTheSandboxWritesInItsSocketDirectoryIsFollowedAndTheDirectoryIsBounded()
      throws Exception {
    Tenancy late = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("late"));
    Map<Integer, Long> statuses;
    try (SocketCanary canary = new SocketCanary();
        Load load = new Load(EDGE_PORT, victim.host("shop"), "/", 2)) {
      // Links to a host socket, and FIFOs, at every name the edge or a switch might use.
      JsonNode planted = attack("/attack/sockets?canary=" + canary.path()).json();
      System.out.printf("Planted in the socket directory: %s%n", planted.get("planted"));
      for (JsonNode a : planted.get("attempts")) {
        assertThat(a.get("blocked").asBoolean()).as(a.toString()).isTrue();
      }
      for (int i = 0; i < 20; i++) {
        assertThat(attack("/").body()).contains("attacker ready");
      }

      // A sandbox that swaps its own socket for a link: whoever wins the race, nothing follows it.
      System.out.printf(
          "Socket swapped for a link: %s%n", canary.swappedFor(attacker, "trap", EDGE_PORT));

      JsonNode fill = attack("/attack/sockets/fill").json();
      System.out.printf("Socket directory filled: %s%n", fill);
      if (Installation.asRoot()) {
        assertThat(fill.get("bytes").asLong()).isLessThanOrEqualTo(1L << 20);
        assertThat(fill.get("files").asInt()).isLessThanOrEqualTo(256);
        assertThat(fill.get("stoppedBy").asString()).contains("No space left");
      }

      // httpd's configuration still changes for everyone after the attacker locks its directory.
      System.out.print(attack("/attack/sockets/lock").body());
      late.createApp("late");
      assertThat(
              late.awaitDeploy("late", late.uploadAndDeploy("late", Api.example("hello-handler"))))
          .isEqualTo("live");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Api.edge(EDGE_PORT, late.host("late"), "/").status() == 200);

      assertThat(attack("/").body()).contains("attacker ready");
      assertThat(canary.connections()).isZero();
      statuses = load.stop();
    } finally {
      attacker.deleteApp("trap", INSTALLATION);
      late.deleteApp("late", INSTALLATION);
    }
    assertThat(statuses).containsOnlyKeys(200);
  }

  private Api.Response attack(String path) {
    Api.Response response = Api.edge(EDGE_PORT, attacker.host("evil"), path);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response;
  }

  /** The address of the tenant's running sandbox on its own network. */
  static String address(String installation, String tenant) {
    Container container =
        Infrastructure.containersOf(installation).stream()
            .filter(c -> tenant.equals(c.getLabels().get("paddock.tenant")))
            .filter(c -> c.getState().equals("running"))
            .findFirst()
            .orElseThrow();
    return Infrastructure.docker()
        .inspectContainerCmd(container.getId())
        .exec()
        .getNetworkSettings()
        .getNetworks()
        .values()
        .iterator()
        .next()
        .getIpAddress();
  }

  /** What the engine keeps of the tenant's running sandbox's output on the host's disk. */
  static long hostLogBytes(String installation, String tenant) throws IOException {
    String id =
        Infrastructure.containersOf(installation).stream()
            .filter(c -> tenant.equals(c.getLabels().get("paddock.tenant")))
            .filter(c -> c.getState().equals("running"))
            .findFirst()
            .orElseThrow()
            .getId();
    Path log = Path.of(Infrastructure.docker().inspectContainerCmd(id).exec().getLogPath());
    try (Stream<Path> files = Files.list(log.getParent())) {
      long total = 0;
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().startsWith("%s-json.log".formatted(id)))
              .toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }

  private List<String> crashes() {
    JsonNode events = api().get(attacker.apps() + "/evil/events", attacker.token()).json();
    return StreamSupport.stream(events.spliterator(), false)
        .filter(e -> e.get("type").asString().equals("sandbox.crashed"))
        .map(e -> e.get("message").asString())
        .toList();
  }
}
