package dev.paddock.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A host the test creates next to this one: a network namespace joined to the host by a veth pair,
 * holding a private-range address, a link-local one and one of a documentation range (TEST-NET-2,
 * never routed on the internet) standing in for an internet host, and answering {@code canary} to
 * every connection to ports 80 and 81 on each. Never 169.254.169.254 itself: a route to it would
 * take over the real metadata service of the machine the test runs on. Needs root, {@code ip} and
 * {@code socat}; {@link #close()} removes the namespace, its links and routes.
 */
public final class CanaryHost implements AutoCloseable {

  public static final int PORT = 80;

  /** A second port on every address, for rules that open one port and not another. */
  public static final int OTHER_PORT = 81;

  private final String namespace;
  private final String outside;
  private final String privateAddress;
  private final String linkLocalAddress;
  private final String internetAddress;
  private final List<Process> servers = new ArrayList<>();

  private CanaryHost(
      String namespace,
      String outside,
      String privateAddress,
      String linkLocalAddress,
      String internetAddress) {
    this.namespace = namespace;
    this.outside = outside;
    this.privateAddress = privateAddress;
    this.linkLocalAddress = linkLocalAddress;
    this.internetAddress = internetAddress;
  }

  public static CanaryHost start() {
    var random = ThreadLocalRandom.current();
    String id = Infrastructure.uniqueName("c").substring(2);
    int subnet = random.nextInt(256);
    String hostSide = "10.213.%d.1".formatted(subnet);
    String outside = "pkc" + id + "h";
    String inside = "pkc" + id + "n";
    var canary =
        new CanaryHost(
            "pdk-canary-" + id,
            outside,
            "10.213.%d.2".formatted(subnet),
            "169.254.%d.%d".formatted(200 + random.nextInt(50), 1 + random.nextInt(254)),
            "198.51.100.%d".formatted(1 + random.nextInt(254)));
    try {
      canary.ip("netns", "add", canary.namespace);
      canary.ip("link", "add", outside, "type", "veth", "peer", "name", inside);
      canary.ip("link", "set", inside, "netns", canary.namespace);
      canary.ip("addr", "add", hostSide + "/30", "dev", outside);
      canary.ip("link", "set", outside, "up");
      canary.ip("route", "add", canary.linkLocalAddress + "/32", "dev", outside);
      canary.ip("route", "replace", canary.internetAddress + "/32", "dev", outside);
      canary.ip(
          "-n", canary.namespace, "addr", "add", canary.privateAddress + "/30", "dev", inside);
      canary.ip(
          "-n", canary.namespace, "addr", "add", canary.linkLocalAddress + "/32", "dev", inside);
      canary.ip(
          "-n", canary.namespace, "addr", "add", canary.internetAddress + "/32", "dev", inside);
      canary.ip("-n", canary.namespace, "link", "set", inside, "up");
      canary.ip("-n", canary.namespace, "link", "set", "lo", "up");
      canary.ip("-n", canary.namespace, "route", "add", "default", "via", hostSide);
      canary.serve();
      return canary;
    } catch (RuntimeException e) {
      canary.close();
      throw e;
    }
  }

  /** {@code host:port} of the canary's private-range address. */
  public String privateTarget() {
    return privateAddress + ":" + PORT;
  }

  /** {@code host:port} of the canary's link-local address. */
  public String linkLocalTarget() {
    return linkLocalAddress + ":" + PORT;
  }

  public String privateAddress() {
    return privateAddress;
  }

  /** The address standing in for a host on the internet (outside every private range). */
  public String internetAddress() {
    return internetAddress;
  }

  public String linkLocalAddress() {
    return linkLocalAddress;
  }

  private void serve() {
    for (int port : List.of(PORT, OTHER_PORT)) {
      try {
        servers.add(
            new ProcessBuilder(
                    "ip",
                    "netns",
                    "exec",
                    namespace,
                    "socat",
                    "TCP-LISTEN:" + port + ",fork,reuseaddr",
                    "SYSTEM:echo canary")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // From the host, every address answers: what a sandbox cannot reach is its firewall's doing.
    for (String address : List.of(privateAddress, linkLocalAddress, internetAddress)) {
      for (int port : List.of(PORT, OTHER_PORT)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> answer(address, port).equals("canary"));
      }
    }
  }

  private static String answer(String address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      socket.setSoTimeout(2000);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private void ip(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    run(argv);
  }

  private static void run(List<String> argv) {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", argv) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server and deletes the namespace: its veth pair, and the route over it, go too. */
  @Override
  public void close() {
    for (Process server : servers) {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
    for (List<String> removal :
        List.of(List.of("ip", "netns", "del", namespace), List.of("ip", "link", "del", outside))) {
      try {
        run(removal);
      } catch (IllegalStateException notThere) {
        // Not made, or gone with the namespace.
      }
    }
  }
}
