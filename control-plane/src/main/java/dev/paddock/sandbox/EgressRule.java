package dev.paddock.sandbox;

import java.util.Arrays;

/**
 * One egress rule: an address range and, optionally, the ports it covers (TCP and UDP). Written
 * {@code 10.20.0.0/16}, {@code 10.20.0.5:5432}, {@code 10.20.0.0/16:8000-8100}, or for IPv6 with a
 * port {@code [fd00::/64]:443}; a single address is its own {@code /32} or {@code /128}.
 *
 * @param cidr the range as {@code address/bits}, the address as written
 * @param fromPort the first port, 0 for every port
 * @param toPort the last port, 0 for every port
 */
public record EgressRule(String cidr, int fromPort, int toPort) {

  /** Parses a rule; throws {@link IllegalArgumentException} saying what is wrong. */
  public static EgressRule parse(String text) {
    if (text == null || text.isBlank() || text.length() > 64) {
      throw new IllegalArgumentException("'%s' is empty or too long".formatted(text));
    }
    String[] rangeAndPorts = split(text, text.strip());
    String cidr = cidr(text, rangeAndPorts[0]);
    if (rangeAndPorts[1] == null) {
      return new EgressRule(cidr, 0, 0);
    }
    int[] ports = ports(text, rangeAndPorts[1]);
    return new EgressRule(cidr, ports[0], ports[1]);
  }

  /**
   * The range and the ports (null if none) of a rule, IPv6 ranges in brackets when a port follows.
   */
  private static String[] split(String text, String rule) {
    if (rule.startsWith("[")) {
      int close = rule.indexOf(']');
      if (close < 0 || (close + 1 < rule.length() && rule.charAt(close + 1) != ':')) {
        throw new IllegalArgumentException("'%s': write [ipv6/bits]:port".formatted(text));
      }
      return new String[] {
        rule.substring(1, close), close + 1 < rule.length() ? rule.substring(close + 2) : null
      };
    }
    int colon = rule.indexOf(':');
    if (colon >= 0 && colon == rule.lastIndexOf(':')) {
      return new String[] {rule.substring(0, colon), rule.substring(colon + 1)};
    }
    return new String[] {rule, null};
  }

  private static String cidr(String text, String range) {
    String[] parts = range.split("/", -1);
    byte[] address;
    int bits;
    try {
      address = EgressPolicy.literal(parts[0]).getAddress();
      bits = parts.length == 1 ? address.length * 8 : Integer.parseInt(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'%s' is not an address or CIDR range such as 10.20.0.0/16".formatted(text));
    }
    if (parts.length > 2 || bits < 0 || bits > address.length * 8) {
      throw new IllegalArgumentException(
          "'%s': the prefix length is 0-%d".formatted(text, address.length * 8));
    }
    return parts[0] + "/" + bits;
  }

  private static int[] ports(String text, String ports) {
    String[] span = ports.split("-", -1);
    int from;
    int to;
    try {
      from = Integer.parseInt(span[0]);
      to = span.length == 2 ? Integer.parseInt(span[1]) : from;
    } catch (NumberFormatException e) {
      from = -1;
      to = -1;
    }
    if (span.length > 2 || from < 1 || to > 65535 || to < from) {
      throw new IllegalArgumentException(
          "'%s': a port is 1-65535, a range is low-high such as 8000-8100".formatted(text));
    }
    return new int[] {from, to};
  }

  /** Whether this rule covers every port. */
  public boolean anyPort() {
    return fromPort == 0;
  }

  public boolean ipv6() {
    return cidr.contains(":");
  }

  /** Whether every address and port of {@code other} is covered by this rule. */
  public boolean covers(EgressRule other) {
    byte[] network = network();
    byte[] others = other.network();
    int bits = bits();
    return network.length == others.length
        && other.bits() >= bits
        && Arrays.equals(EgressPolicy.masked(others, bits), EgressPolicy.masked(network, bits))
        && (anyPort()
            || (!other.anyPort() && other.fromPort >= fromPort && other.toPort <= toPort));
  }

  /** The rule as written back: {@code cidr}, {@code cidr:port} or {@code cidr:low-high}. */
  @Override
  public String toString() {
    if (anyPort()) {
      return cidr;
    }
    String ports = fromPort == toPort ? "" + fromPort : fromPort + "-" + toPort;
    return (ipv6() ? "[" + cidr + "]" : cidr) + ":" + ports;
  }

  private int bits() {
    return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
  }

  private byte[] network() {
    return EgressPolicy.literal(cidr.substring(0, cidr.indexOf('/'))).getAddress();
  }
}
