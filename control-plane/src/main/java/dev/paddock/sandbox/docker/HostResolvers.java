package dev.paddock.sandbox.docker;

import dev.paddock.sandbox.EgressPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The DNS servers Docker's embedded DNS forwards sandboxes' lookups to: the host's {@code
 * resolv.conf}, or systemd-resolved's upstream servers when the host's file names only a loopback
 * stub (Docker does the same).
 */
final class HostResolvers {

  private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
  private static final Path RESOLVED_UPSTREAM = Path.of("/run/systemd/resolve/resolv.conf");

  private HostResolvers() {}

  static List<String> ofHost() {
    List<String> servers = nameservers(read(RESOLV_CONF));
    if (servers.stream().allMatch(HostResolvers::loopback)) {
      List<String> upstream = nameservers(read(RESOLVED_UPSTREAM));
      if (!upstream.isEmpty()) {
        return upstream;
      }
    }
    return servers.stream().filter(server -> !loopback(server)).toList();
  }

  /** The {@code nameserver} addresses of a resolv.conf, zone suffixes dropped. */
  static List<String> nameservers(String resolvConf) {
    return resolvConf
        .lines()
        .map(String::strip)
        .filter(line -> line.startsWith("nameserver"))
        .map(line -> line.substring("nameserver".length()).strip())
        .map(address -> address.replaceFirst("%.*", ""))
        .filter(HostResolvers::literal)
        .toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean literal(String address) {
    try {
      EgressPolicy.literal(address);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean loopback(String address) {
    return EgressPolicy.literal(address).isLoopbackAddress();
  }
}
