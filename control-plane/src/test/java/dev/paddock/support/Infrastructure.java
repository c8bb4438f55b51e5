package dev.paddock.support;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The real services integration tests run against: one PostgreSQL per test JVM (a database per
 * control plane), the local Docker engine and Apache httpd. Under {@code CI=true} a missing one
 * fails the run; elsewhere the test is skipped with the reason.
 */
public final class Infrastructure {

  private static final int FIRST_EPHEMERAL_PORT = 32_768;

  /** Test JVMs running side by side start at different places of 20000–29999 and count up. */
  private static final AtomicInteger NEXT_PORT =
      new AtomicInteger(20_000 + ThreadLocalRandom.current().nextInt(10_000));

  public static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
  public static final String IMAGE =
      System.getProperty("paddock.sandbox.image", "paddock/sandbox:0.1.0-SNAPSHOT");
  public static final String LABEL = "paddock.managed-by";

  private static EmbeddedPostgres postgres;
  private static DockerClient docker;

  private Infrastructure() {}

  /** Skips (or, under CI, fails) unless Docker, httpd and the sandbox image are all here. */
  public static void requireDockerAndHttpd() {
    requireHttpd();
    boolean dockerUp;
    try {
      docker().pingCmd().exec();
      dockerUp = true;
    } catch (RuntimeException e) {
      dockerUp = false;
    }
    require(
        dockerUp, "the Docker engine is not reachable (apt-get install docker.io; start dockerd)");
    boolean image;
    try {
      docker().inspectImageCmd(IMAGE).exec();
      image = true;
    } catch (NotFoundException e) {
      image = false;
    }
    require(
        image,
        "the sandbox image " + IMAGE + " is missing: run sandbox-runner/build-image.sh --offline");
  }

  /**
   * Skips (or, under CI, fails) unless the tests can build a host next to this one and see the
   * firewall: root, {@code ip}, {@code socat} and {@code iptables}.
   */
  public static void requireRootNetworking() {
    require(
        dev.paddock.Installation.asRoot(), "egress tests create network namespaces: run as root");
    for (String tool : List.of("ip", "socat", "iptables", "ip6tables")) {
      require(
          Files.isExecutable(Path.of("/usr/sbin", tool))
              || Files.isExecutable(Path.of("/usr/bin", tool))
              || Files.isExecutable(Path.of("/sbin", tool)),
          tool + " is not installed (apt-get install iproute2 socat iptables)");
    }
  }

  /** The host's own IPv4 addresses but its loopback's: where a sandbox might find its services. */
  public static List<String> hostAddresses() {
    try {
      return java.net.NetworkInterface.networkInterfaces()
          .flatMap(java.net.NetworkInterface::inetAddresses)
          .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
          .map(java.net.InetAddress::getHostAddress)
          .toList();
    } catch (java.net.SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips (or, under CI, fails) unless httpd is here. */
  public static void requireHttpd() {
    require(
        Files.isExecutable(Path.of("/usr/sbin/apache2")),
        "apache2 is not installed (apt-get install apache2)");
  }

  /** Skips (or, under CI, fails) unless these programs are on the usual paths. */
  public static void requirePrograms(String packages, String... programs) {
    for (String program : programs) {
      require(
          programPath(program) != null,
          program + " is not installed (apt-get install " + packages + ")");
    }
  }

  /** Where {@code program} is on the usual paths. */
  public static Path program(String program) {
    return java.util.Objects.requireNonNull(programPath(program), program + " is not installed");
  }

  private static Path programPath(String program) {
    return java.util.stream.Stream.of("/usr/bin", "/usr/sbin", "/bin", "/usr/local/bin")
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }

  private static void require(boolean available, String reason) {
    if (!available) {
      if (CI) {
        fail("CI=true and " + reason);
      }
      Assumptions.abort(reason);
    }
  }

  /** A fresh, empty database on the shared PostgreSQL; the control plane migrates it itself. */
  public static synchronized String newDatabase() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
      }
      String name = "paddock_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("create database " + name);
      }
      return postgres.getJdbcUrl("postgres", name);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("Cannot start PostgreSQL for the tests", e);
    }
  }

  public static synchronized DockerClient docker() {
    if (docker == null) {
      var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
      docker =
          DockerClientImpl.getInstance(
              config,
              new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }
    return docker;
  }

  /** Whether something accepts connections on this loopback port. */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops a helper process (TERM, then KILL after 10 s) and deletes its directory. */
  public static void stop(Process process, Path dir) {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    deleteDataDir(dir);
  }

  /**
   * A port free now that no other part of this test run is given, from below the kernel's ephemeral
   * range (32768 and up): neither an outgoing connection nor another bind to port 0 can take it
   * while a paused test context has let it go, so the context binds it again on resume.
   */
  public static int freePort() {
    while (true) {
      int port = NEXT_PORT.getAndIncrement();
      if (port >= FIRST_EPHEMERAL_PORT) {
        throw new IllegalStateException("No free port left below " + FIRST_EPHEMERAL_PORT);
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
        return port;
      } catch (IOException taken) {
        // Bound by something else on this machine: the next one.
      }
    }
  }

  /**
   * A data directory httpd's workers can traverse (they run as another user), with a name short
   * enough for the Unix sockets under it.
   */
  public static Path dataDir() {
    try {
      Path dir =
          Files.createDirectory(
              Path.of("/tmp", "pdk-" + UUID.randomUUID().toString().substring(0, 8)));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A socket root for a control plane without root, as the README asks for one: a directory owned
   * by {@code owner}, bound onto itself and made a shared mount, so that what is mounted below it
   * through Docker is mounted on the host. {@link #deleteDataDir} unmounts and deletes it.
   */
  public static Path sharedSocketRoot(int owner) throws IOException, InterruptedException {
    Path dir = dataDir();
    Files.setAttribute(dir, "unix:uid", owner);
    Files.setAttribute(dir, "unix:gid", owner);
    for (List<String> command :
        List.of(
            List.of("mount", "--bind", dir.toString(), dir.toString()),
            List.of("mount", "--make-shared", dir.toString()))) {
      if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
        throw new IOException("Failed: " + String.join(" ", command));
      }
    }
    return dir;
  }

  /**
   * Deletes a data directory made by {@link #dataDir()}, sockets of other uids included, after
   * unmounting the apps' socket directories (tmpfs mounts) still under it, and itself if it is a
   * mount point ({@link #sharedSocketRoot}).
   */
  public static void deleteDataDir(Path dir) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo")).reversed()) {
        String point = line.split(" ")[4];
        if (point.startsWith(dir + "/") || point.equals(dir.toString())) {
          new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
  }

  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Everything in Docker labelled with this installation: for assertions and for cleanup. */
  public static List<com.github.dockerjava.api.model.Container> containersOf(String installation) {
    return docker()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(LABEL, installation))
        .exec();
  }

  /** The installation's sandboxes: its containers that run an app (not its training runs). */
  public static List<com.github.dockerjava.api.model.Container> sandboxesOf(String installation) {
    return containersOf(installation).stream()
        .filter(c -> c.getLabels().containsKey("paddock.app"))
        .toList();
  }

  /** Removes every container, network, image and firewall rule an installation created. */
  public static void removeEverythingOf(String installation) {
    dev.paddock.sandbox.docker.Firewalls.removeOf(installation);
    containersOf(installation)
        .forEach(c -> docker().removeContainerCmd(c.getId()).withForce(true).exec());
    docker()
        .listNetworksCmd()
        .withFilter("label", List.of(LABEL + "=" + installation))
        .exec()
        .forEach(n -> docker().removeNetworkCmd(n.getId()).exec());
    docker()
        .listImagesCmd()
        .withLabelFilter(Map.of(LABEL, installation))
        .exec()
        .forEach(i -> docker().removeImageCmd(i.getId()).withForce(true).exec());
  }
}
