package dev.paddock.sandbox;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What no sandbox may ever reach, whatever the platform's or a tenant's policy: link-local
 * addresses (cloud metadata), the ranges of {@code paddock.sandbox.egress.deny}, and the ports of
 * the control plane's own PostgreSQL and Docker engine where they are on another host (on this host
 * the firewall closes every host address to sandboxes). These rules come first in every chain.
 */
public record EgressFloor(List<EgressRule> rules) {

  public EgressFloor {
    rules = List.copyOf(rules);
  }

  /**
   * The floor of this installation.
   *
   * @param database the JDBC URL of the control plane's database, or empty for the embedded one
   * @param dockerHost {@code DOCKER_HOST}, or empty for the local socket
   */
  public static EgressFloor of(EgressPolicy platform, String database, String dockerHost) {
    List<EgressRule> rules = new ArrayList<>();
    EgressPolicy.LINK_LOCAL.stream().map(EgressRule::parse).forEach(rules::add);
    platform.deny().stream().map(EgressRule::parse).forEach(rules::add);
    if (database != null && database.startsWith("jdbc:postgresql://")) {
      String rest = database.substring("jdbc:".length());
      service(URI.create(rest.replaceFirst(",.*?/", "/")), 5432).forEach(rules::add);
    }
    if (dockerHost != null && dockerHost.startsWith("tcp://")) {
      service(URI.create(dockerHost), 2375).forEach(rules::add);
    }
    return new EgressFloor(rules);
  }

  /** The floor rule that covers {@code rule} whole, if any: such a rule can never open anything. */
  public Optional<EgressRule> covering(EgressRule rule) {
    return rules.stream().filter(floor -> floor.covers(rule)).findFirst();
  }

  private static List<EgressRule> service(URI uri, int defaultPort) {
    if (uri.getHost() == null) {
      return List.of();
    }
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    try {
      List<EgressRule> rules = new ArrayList<>();
      for (InetAddress address :
          InetAddress.getAllByName(uri.getHost().replaceAll("[\\[\\]]", ""))) {
        if (!address.isLoopbackAddress()) {
          String literal = address.getHostAddress().replaceFirst("%.*", "");
          rules.add(
              EgressRule.parse(
                  address.getAddress().length == 16
                      ? "[" + literal + "]:" + port
                      : literal + ":" + port));
        }
      }
      return rules;
    } catch (UnknownHostException e) {
      return List.of();
    }
  }
}
