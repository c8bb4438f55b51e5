package dev.paddock.sandbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where sandboxes may open connections ({@code paddock.sandbox.egress.*}), platform-wide. By
 * default the internet and the host's DNS resolvers, never link-local addresses (cloud metadata),
 * the private ranges, other tenants or the host itself.
 *
 * @param internet whether addresses outside every listed range are reachable
 * @param allow ranges (CIDR, or a single address) reachable although blocked by default, such as
 *     one private database; they never open the host's own addresses
 * @param deny ranges never reachable, ahead of {@code allow} and of the internet
 * @param enforce whether the Docker driver restricts egress at all; {@code false} only where the
 *     host's firewall cannot be written (no iptables, or Docker Desktop without root): sandboxes
 *     then reach everything the host reaches, which the log and the health component say
 */
@ConfigurationProperties("paddock.sandbox.egress")
public record EgressPolicy(
    @DefaultValue("true") boolean internet,
    @DefaultValue List<String> allow,
    @DefaultValue List<String> deny,
    @DefaultValue("true") boolean enforce) {

  /** Link-local ranges, where clouds serve instance metadata and credentials. */
  public static final List<String> LINK_LOCAL = List.of("169.254.0.0/16", "fe80::/10");

  /** Private ranges (RFC 1918, shared address space, unique local): the operator's networks. */
  public static final List<String> PRIVATE =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");

  public EgressPolicy(boolean internet, List<String> allow, List<String> deny) {
    this(internet, allow, deny, true);
  }

  @ConstructorBinding
  public EgressPolicy {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    allow.forEach(range -> check("allow", range));
    deny.forEach(range -> check("deny", range));
  }

  /** The default: the internet, nothing private. */
  public static EgressPolicy standard() {
    return new EgressPolicy(true, List.of(), List.of());
  }

  /** Whether {@code range} is an IPv6 range; every range of this policy is a valid one. */
  public static boolean isIpv6(String range) {
    return range.contains(":");
  }

  /** The address with every bit past the first {@code bits} cleared: its network's address. */
  public static byte[] masked(byte[] address, int bits) {
    byte[] masked = address.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.clamp(bits - 8L * i, 0, 8);
      masked[i] &= (byte) (0xff << (8 - keep));
    }
    return masked;
  }

  /**
   * The address a literal IPv4 or IPv6 address stands for; never a name lookup. Throws {@link
   * IllegalArgumentException} for anything else.
   */
  public static InetAddress literal(String address) {
    boolean v4 =
        address.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    boolean v6 = address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException("not an address literal");
    }
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal", e);
    }
  }

  private static void check(String list, String range) {
    String[] parts = range.split("/", -1);
    try {
      byte[] address = literal(parts[0]).getAddress();
      if (parts.length == 2) {
        int bits = Integer.parseInt(parts[1]);
        if (bits < 0 || bits > address.length * 8) {
          throw new IllegalArgumentException("prefix out of range");
        }
      } else if (parts.length > 2) {
        throw new IllegalArgumentException("more than one /");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "paddock.sandbox.egress.%s: '%s' is not an address or CIDR range (%s)"
              .formatted(list, range, e.getMessage()));
    }
  }
}
