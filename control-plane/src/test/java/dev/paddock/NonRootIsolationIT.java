package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.sandbox.AppSockets;
import dev.paddock.support.Api;
import dev.paddock.support.CanaryHost;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Load;
import dev.paddock.support.PackagedControlPlane;
import dev.paddock.support.Pebble;
import dev.paddock.support.Tenancy;
import dev.paddock.support.Tls;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The battery's attacks on the edge and the host's disk against a control plane that is not root,
 * with the users, groups and mounts of the docker-compose install reproduced on the host (its image
 * cannot be built here): uid and gid 10001 ({@code control-plane/Dockerfile}), the Docker socket's
 * group as its only other group ({@code group_add: DOCKER_GID}), and the socket directory a
 * directory of its own that 10001 owns, mode 0755 (the README's {@code install -d}). Its managed
 * httpd runs in a container of its own as uid 10002, with no access to Docker; it must never
 * connect to anything the attacker planted, and what the attacker writes stays bounded. Egress is
 * restricted without root, through Docker: the attacker reaches none of the host's ports, its
 * neighbour, or the hosts the test puts at a link-local and a private address.
 */
class NonRootIsolationIT {

  /** The docker-compose install's user and group. */
  private static final int COMPOSE_UID = 10001;

  private String database;

  @BeforeAll
  static void services() {
    Infrastructure.requireDockerAndHttpd();
    Infrastructure.requirePrograms("util-linux", "setpriv");
    Infrastructure.requireRootNetworking();
  }

  @Test
  void asTheComposeUserTheEdgeFollowsNothingPlantedAndWritesStayBounded() throws Exception {
    String installation = Infrastructure.uniqueName("nonroot");
    String admin = Infrastructure.uniqueName("admin");
    Path sockets = Infrastructure.sharedSocketRoot(COMPOSE_UID);
    PackagedControlPlane cp = controlPlane(installation, admin, sockets);
    try (SocketCanary canary = new SocketCanary();
        CanaryHost canaries = CanaryHost.start();
        ServerSocket hostWide = new ServerSocket(0)) {
      this.canaries = canaries;
      int docker = dockerGroup();
      cp.runAs(COMPOSE_UID, COMPOSE_UID, docker).start();
      assertThat(Files.getAttribute(Path.of("/proc/" + cp.pid()), "unix:uid"))
          .isEqualTo(COMPOSE_UID);

      Tenancy victim = Tenancy.create(cp.api, admin, Infrastructure.uniqueName("victim"));
      Tenancy attacker = Tenancy.create(cp.api, admin, Infrastructure.uniqueName("attacker"));
      victim.createApp("shop");
      attacker.createApp("evil");
      assertThat(victim.awaitDeploy("shop", victim.uploadAndDeploy("shop", hello())))
          .isEqualTo("live");
      assertThat(
              attacker.awaitDeploy(
                  "evil", attacker.uploadAndDeploy("evil", Api.example("attacker"))))
          .isEqualTo("live");

      assertEdgeHasNoDockerAccess(installation, docker);
      // The edge's container reads the route map the control plane writes.
      assertThat(Files.readString(cp.data.resolve("httpd/routes.txt")))
          .contains(victim.host("shop") + " ");
      assertThat(Files.readString(cp.data.resolve("httpd/vhosts.conf")))
          .doesNotContain(victim.host("shop"));

      Map<Integer, Long> statuses;
      try (Load load = new Load(cp.edgePort, victim.host("shop"), "/", 2)) {
        JsonNode planted = attack(cp, attacker, "/attack/sockets?canary=" + canary.path());
        for (JsonNode a : planted.get("attempts")) {
          assertThat(a.get("blocked").asBoolean()).as(a.toString()).isTrue();
        }
        for (int i = 0; i < 20; i++) {
          assertThat(Api.edge(cp.edgePort, attacker.host("evil"), "/").body())
              .contains("attacker ready");
        }

        // A sandbox that swaps its socket for a link: whoever wins the race, nothing follows it.
        System.out.printf(
            "Socket swapped for a link: %s%n", canary.swappedFor(attacker, "trap", cp.edgePort));

        // The network: nothing of the host's, the neighbour's or the canaries' answers.
        JsonNode attacks = attack(cp, attacker, "/attack?" + networkTargets(cp, victim, hostWide));
        for (JsonNode a : attacks.get("attempts")) {
          assertThat(a.get("blocked").asBoolean()).as(a.toString()).isTrue();
        }
        assertThat(attacks.get("tried").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(
                cp.api.get("actuator/health", null).json().at("/components/sandboxEgress/status"))
            .hasToString("\"UP\"");

        // A tenant's own policy is written through the same helper: the admin opens one port of
        // the private canary for the attacker, and only that opens, at once.
        Api.Response widened =
            cp.api.put(
                "api/v1/tenants/" + attacker.tenant() + "/egress",
                admin,
                Map.of("allow", List.of(canaries.privateAddress() + ":" + CanaryHost.PORT)));
        assertThat(widened.status()).as(widened.body()).isEqualTo(200);
        assertThat(reach(cp, attacker, canaries.privateTarget())).isTrue();
        assertThat(reach(cp, attacker, canaries.privateAddress() + ":" + CanaryHost.OTHER_PORT))
            .isFalse();
        assertThat(reach(cp, attacker, canaries.linkLocalTarget())).isFalse();
        assertThat(
                cp.api
                    .put("api/v1/tenants/" + attacker.tenant() + "/egress", admin, Map.of())
                    .status())
            .isEqualTo(200);
        assertThat(reach(cp, attacker, canaries.privateTarget())).isFalse();

        // /tmp, its socket directory and the output it writes stay within their bounds.
        JsonNode fill = attack(cp, attacker, "/attack/sockets/fill");
        assertThat(fill.get("bytes").asLong()).isLessThanOrEqualTo(1L << 20);
        assertThat(fill.get("stoppedBy").asString()).contains("No space left");
        assertThat(attack(cp, attacker, "/attack/tmp").get("bytes").asLong())
            .isLessThanOrEqualTo(64L << 20);
        attack(cp, attacker, "/attack/logs?mib=24");
        assertThat(IsolationIT.hostLogBytes(installation, attacker.tenant()))
            .isLessThanOrEqualTo(2 * (10L << 20) + (64 << 10));

        assertThat(canary.connections()).isZero();
        statuses = load.stop();
      }
      assertThat(statuses).containsOnlyKeys(200);
    } finally {
      cp.stop();
      Infrastructure.removeEverythingOf(installation);
      Infrastructure.deleteDataDir(sockets);
    }
  }

  @Test
  void asTheComposeUserEachAppsSocketDirectoryIsABoundedTmpfsGoneWithTheApp() throws Exception {
    String installation = Infrastructure.uniqueName("nonroot");
    String admin = Infrastructure.uniqueName("admin");
    Path sockets = Infrastructure.sharedSocketRoot(COMPOSE_UID);
    PackagedControlPlane cp = controlPlane(installation, admin, sockets);
    try {
      cp.runAs(COMPOSE_UID, COMPOSE_UID, dockerGroup()).start();
      Tenancy attacker = Tenancy.create(cp.api, admin, Infrastructure.uniqueName("attacker"));
      attacker.createApp("evil");
      assertThat(
              attacker.awaitDeploy(
                  "evil", attacker.uploadAndDeploy("evil", Api.example("attacker"))))
          .isEqualTo("live");

      Path dir = sockets.resolve(AppSockets.dirName(attacker.tenant(), "evil"));
      assertThat(mountOptions(dir)).contains("tmpfs", "size=1024k", "nr_inodes=256");
      assertThat(Files.getFileStore(dir).getTotalSpace()).isEqualTo(1L << 20);
      Path inbox = AppSockets.inboxOf(dir);
      int sandbox = sandboxUid(installation, attacker.tenant());
      assertThat(sandbox).isNotIn(0, COMPOSE_UID);
      assertThat(Files.readAttributes(inbox, "unix:uid,gid,permissions", LinkOption.NOFOLLOW_LINKS))
          .containsEntry("uid", COMPOSE_UID)
          .containsEntry("gid", sandbox)
          .containsEntry("permissions", PosixFilePermissions.fromString("rwxrwx---"));

      // 2 MiB into its inbox end at the tmpfs's 1 MiB; its permissions are not the tenant's.
      JsonNode fill = attack(cp, attacker, "/attack/sockets/fill");
      System.out.printf("Socket directory filled: %s%n", fill);
      assertThat(fill.get("bytes").asLong()).isLessThanOrEqualTo(1L << 20);
      assertThat(fill.get("stoppedBy").asString()).contains("No space left");
      assertThat(fill.get("files").asInt()).isLessThanOrEqualTo(256);
      assertThat(Api.edge(cp.edgePort, attacker.host("evil"), "/attack/sockets/lock").body())
          .contains("refused");
      assertThat(Files.getPosixFilePermissions(inbox))
          .isEqualTo(PosixFilePermissions.fromString("rwxrwx---"));
      assertThat(Api.edge(cp.edgePort, attacker.host("evil"), "/").body())
          .contains("attacker ready");

      // The edge's container is supervised as a managed httpd is: killed, it is started again.
      long httpd =
          Infrastructure.docker()
              .inspectContainerCmd(installation + "-edge")
              .exec()
              .getState()
              .getPidLong();
      ProcessHandle.of(httpd).orElseThrow().destroyForcibly();
      long killed = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> Api.edge(cp.edgePort, attacker.host("evil"), "/").status() == 200);
      System.out.printf(
          "The edge's container served again %d ms after its httpd was killed%n",
          (System.nanoTime() - killed) / 1_000_000);

      attacker.deleteApp("evil", installation);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(mountOptions(dir)).isEmpty();
                assertThat(dir).doesNotExist();
              });
      System.out.print(
          Files.readAllLines(cp.data.resolve("control-plane.log")).stream()
              .filter(line -> line.contains("through a helper container"))
              .collect(Collectors.joining("\n", "", "\n")));
    } finally {
      cp.stop();
      Infrastructure.removeEverythingOf(installation);
      Infrastructure.deleteDataDir(sockets);
    }
  }

  @Test
  void asTheComposeUserTheEdgesContainerServesHttpsAndOutlivesTheControlPlane() throws Exception {
    Infrastructure.requirePrograms("pebble curl openssl", "pebble", "curl", "openssl");
    String installation = Infrastructure.uniqueName("nonroot");
    String admin = Infrastructure.uniqueName("admin");
    String tenant = Infrastructure.uniqueName("tls");
    Path sockets = Infrastructure.sharedSocketRoot(COMPOSE_UID);
    int https = Infrastructure.freePort();
    try (Pebble pebble = Pebble.start(List.of())) {
      // The CA's certificate must be readable by the control plane's user (its key stays 0600).
      Files.setPosixFilePermissions(
          pebble.apiCertificate().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
      database = Infrastructure.newDatabase();
      PackagedControlPlane cp =
          new PackagedControlPlane(
              installation,
              database,
              admin,
              Map.of(
                  "PADDOCK_SANDBOX_SOCKET_DIR", sockets.toString(),
                  "PADDOCK_EDGE_HTTPS_PORT", String.valueOf(https),
                  "PADDOCK_EDGE_ACME_DIRECTORY", pebble.directory().toString(),
                  "PADDOCK_EDGE_ACME_CA_CERTIFICATE", pebble.apiCertificate().toString(),
                  "PADDOCK_EDGE_ACME_EMAIL", "ops@example.com",
                  "PADDOCK_EDGE_ACME_CHECK_INTERVAL", "1s",
                  "PADDOCK_EDGE_HTTPD_STOP_ON_EXIT", "false"));
      try {
        cp.runAs(COMPOSE_UID, COMPOSE_UID, dockerGroup()).start();
        Tenancy tls = Tenancy.create(cp.api, admin, tenant);
        tls.createApp("hello");
        assertThat(tls.awaitDeploy("hello", tls.uploadAndDeploy("hello", hello())))
            .isEqualTo("live");
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () ->
                    assertThat(
                            tls.api()
                                .get(tls.apps() + "/hello/https", tls.token())
                                .json()
                                .at("/names/0/certificate")
                                .asString())
                        .as(pebble.log())
                        .isEqualTo("active"));
        assertThat(Tls.status(pebble.root(), tls.host("hello"), https)).isEqualTo("200");
        String edge = edgeContainerId(installation);

        // A crash: the edge's container serves on, and the next control plane adopts it.
        cp.kill();
        assertThat(Tls.status(pebble.root(), tls.host("hello"), https)).isEqualTo("200");
        cp.start();
        assertThat(edgeContainerId(installation)).isEqualTo(edge);
        assertThat(Tls.status(pebble.root(), tls.host("hello"), https)).isEqualTo("200");
      } finally {
        cp.stop();
        Infrastructure.removeEverythingOf(installation);
        Infrastructure.deleteDataDir(sockets);
      }
    }
  }

  private static String edgeContainerId(String installation) {
    return Infrastructure.docker().inspectContainerCmd(installation + "-edge").exec().getId();
  }

  /** A control plane on a database of its own, with this socket directory. */
  private PackagedControlPlane controlPlane(String installation, String admin, Path sockets) {
    database = Infrastructure.newDatabase();
    return new PackagedControlPlane(
        installation, database, admin, Map.of("PADDOCK_SANDBOX_SOCKET_DIR", sockets.toString()));
  }

  private static int dockerGroup() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid");
  }

  /**
   * The managed httpd runs in its container as the edge's user in the control plane's group, with
   * neither the Docker socket's group nor the socket, and so do its workers.
   */
  private static void assertEdgeHasNoDockerAccess(String installation, int docker)
      throws IOException {
    var edge = Infrastructure.docker().inspectContainerCmd(installation + "-edge").exec();
    long parent = edge.getState().getPidLong();
    List<Long> processes =
        ProcessHandle.of(parent).orElseThrow().descendants().map(ProcessHandle::pid).toList();
    assertThat(processes).isNotEmpty();
    for (long pid : Stream.concat(Stream.of(parent), processes.stream()).toList()) {
      List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
      assertThat(status).anyMatch(line -> line.matches("Uid:\\s+10002\\s.*"));
      assertThat(status).anyMatch(line -> line.matches("Gid:\\s+" + COMPOSE_UID + "\\s.*"));
      assertThat(status)
          .filteredOn(line -> line.startsWith("Groups:"))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line.substring(7).trim().split("\\s+"))
                      .doesNotContain(String.valueOf(docker)));
    }
    assertThat(edge.getMounts())
        .extracting(m -> String.valueOf(m.getSource()))
        .noneMatch(source -> source.contains("docker"));
    assertThat(edge.getHostConfig().getCapAdd()).isNullOrEmpty();
  }

  /** The file system type and options of the mount on {@code point}, empty when none is. */
  private static String mountOptions(Path point) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(line -> line.split(" "))
        .filter(fields -> fields[4].equals(point.toString()))
        .map(fields -> String.join(" ", List.of(fields).subList(7, fields.length)))
        .reduce((first, last) -> last)
        .orElse("");
  }

  private static int sandboxUid(String installation, String tenant) {
    String id =
        Infrastructure.sandboxesOf(installation).stream()
            .filter(c -> tenant.equals(c.getLabels().get("paddock.tenant")))
            .findFirst()
            .orElseThrow()
            .getId();
    String user = Infrastructure.docker().inspectContainerCmd(id).exec().getConfig().getUser();
    return Integer.parseInt(user.split(":")[0]);
  }

  private CanaryHost canaries;

  /** The addresses and ports the attacker tries, as IsolationIT gives them. */
  private String networkTargets(PackagedControlPlane cp, Tenancy victim, ServerSocket hostWide) {
    return "neighbour=%s:9000&controlPlane=%d&postgres=%d&edge=%d&hostWide=%d&linkLocal=%s&privateNet=%s"
            .formatted(
                IsolationIT.address(cp.installation(), victim.tenant()),
                cp.apiPort,
                URI.create(database.substring(5)).getPort(),
                cp.edgePort,
                hostWide.getLocalPort(),
                canaries.linkLocalTarget(),
                canaries.privateTarget())
        + Infrastructure.hostAddresses().stream()
            .map(a -> "&hostAddress=" + a)
            .collect(Collectors.joining());
  }

  private static Path hello() {
    return Api.example("hello-handler");
  }

  private static boolean reach(PackagedControlPlane cp, Tenancy attacker, String target) {
    return !attack(cp, attacker, "/reach?target=" + target).get("blocked").asBoolean();
  }

  private static JsonNode attack(PackagedControlPlane cp, Tenancy attacker, String path) {
    Api.Response response = Api.edge(cp.edgePort, attacker.host("evil"), path);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
