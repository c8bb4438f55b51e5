package dev.paddock.examples.attacker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Tries to reach what a sandbox must not: another tenant's sandbox, the host's own services (on its
 * loopback or on all its addresses), Docker's API, and hosts the caller set up at a link-local or
 * private address. Nothing outside the machine is contacted.
 */
final class NetworkAttempts {

  private static final int CONNECT_TIMEOUT_MILLIS = 1000;
  private static final String DOCKER_BRIDGE = "172.17.0.1";
  private static final String LOOPBACK = "127.0.0.1";
  private static final List<Path> DOCKER_SOCKETS =
      List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"));
  private static final List<Integer> DOCKER_PORTS = List.of(2375, 2376);

  /** A service on the host's loopback, and the query parameter that gives its ports. */
  private record HostService(String param, String name) {}

  private static final List<HostService> HOST_SERVICES =
      List.of(
          new HostService("controlPlane", "control plane"),
          new HostService("postgres", "PostgreSQL"),
          new HostService("edge", "httpd edge"),
          new HostService("hostWide", "host service on every address"));

  /** Hosts the caller set up outside the sandbox, and the query parameter that gives them. */
  private static final Map<String, String> CANARIES =
      Map.of("linkLocal", "link-local host", "privateNet", "private-range host");

  private NetworkAttempts() {}

  /** The attempts for the addresses and ports in the request's query parameters. */
  static List<Callable<Attempt>> all(Map<String, List<String>> params) {
    List<Callable<Attempt>> attempts = new ArrayList<>();
    for (String neighbour : params.getOrDefault("neighbour", List.of())) {
      String host = host(neighbour);
      int port = portOf(neighbour);
      attempts.add(() -> connect("network: neighbour sandbox", host, port));
    }
    CANARIES.forEach(
        (param, name) -> {
          for (String canary : params.getOrDefault(param, List.of())) {
            String host = host(canary);
            int port = portOf(canary);
            attempts.add(() -> connect("network: " + name, host, port));
          }
        });
    List<String> hosts = hostAddresses(params.getOrDefault("hostAddress", List.of()));
    for (HostService service : HOST_SERVICES) {
      for (String value : params.getOrDefault(service.param(), List.of())) {
        int port = port(value);
        for (String host : hosts) {
          attempts.add(() -> connect("network: " + service.name(), host, port));
        }
      }
    }
    for (Path socket : DOCKER_SOCKETS) {
      attempts.add(() -> connectUnix("network: Docker API socket", socket));
    }
    for (int port : DOCKER_PORTS) {
      for (String host : hosts) {
        attempts.add(() -> connect("network: Docker API over TCP", host, port));
      }
    }
    return attempts;
  }

  /**
   * Every address the sandbox can guess for its host (its default gateway, Docker's default bridge
   * and the loopback, the sandbox's own) and those the caller knows ({@code hostAddress}). No name
   * lookups: a name Docker's DNS does not know would be asked of the host's resolver, outside this
   * machine.
   */
  private static List<String> hostAddresses(List<String> given) {
    Set<String> hosts = new LinkedHashSet<>();
    defaultGateway().ifPresent(hosts::add);
    hosts.add(DOCKER_BRIDGE);
    hosts.add(LOOPBACK);
    hosts.addAll(given);
    return List.copyOf(hosts);
  }

  private static String host(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("expected host:port, got " + hostAndPort);
    }
    return hostAndPort.substring(0, colon).replace("[", "").replace("]", "");
  }

  private static int portOf(String hostAndPort) {
    return port(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
  }

  /** One connection to {@code host:port}: blocked unless it connects. */
  static Attempt reach(String target) {
    return connect("network: reach", host(target), portOf(target));
  }

  private static Attempt connect(String name, String host, int port) {
    String target = host + ":" + port;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      if (socket.getInetAddress().isLoopbackAddress() && ownPorts().contains(port)) {
        return new Attempt(
            name, target, true, "connected, but to this sandbox's own listener, not the host's");
      }
      return new Attempt(name, target, false, "connected to " + socket.getRemoteSocketAddress());
    } catch (IOException e) {
      return new Attempt(name, target, true, Attempt.describe(e));
    }
  }

  private static Attempt connectUnix(String name, Path path) {
    String exists = Files.exists(path) ? "exists; " : "does not exist; ";
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(path));
      return new Attempt(name, path.toString(), false, exists + "connected");
    } catch (IOException e) {
      return new Attempt(name, path.toString(), true, exists + Attempt.describe(e));
    }
  }

  /** The ports the runner listens on inside the sandbox itself: the app's and the admin port. */
  private static Set<Integer> ownPorts() {
    Map<String, String> env = System.getenv();
    return Set.of(
        Integer.parseInt(env.getOrDefault("PORT", "8080")),
        Integer.parseInt(env.getOrDefault("PADDOCK_ADMIN_PORT", "9000")));
  }

  /** The default route's gateway from {@code /proc/net/route}, where it is little-endian hex. */
  private static Optional<String> defaultGateway() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 2 && fields[1].equals("00000000") && !fields[2].equals("00000000")) {
          int gateway = Integer.parseUnsignedInt(fields[2], 16);
          return Optional.of(
              "%d.%d.%d.%d"
                  .formatted(
                      gateway & 0xff, gateway >>> 8 & 0xff, gateway >>> 16 & 0xff, gateway >>> 24));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no route table to read: the gateway stays unknown
    }
    return Optional.empty();
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value.strip());
      if (port > 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a TCP port: " + value);
  }
}
