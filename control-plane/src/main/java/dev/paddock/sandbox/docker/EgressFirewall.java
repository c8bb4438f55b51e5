package dev.paddock.sandbox.docker;

import dev.paddock.sandbox.EgressPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The egress policy as iptables rules, the only place that knows iptables. Three chains per
 * installation and address family: {@code <NAME>-EGRESS}, jumped to from Docker's {@code
 * DOCKER-USER}, sends what leaves a tenant bridge for another interface to {@code
 * <NAME>-EGRESS-POLICY}; {@code <NAME>-EGRESS-HOST}, jumped to from {@code INPUT}, rejects what a
 * sandbox sends to the host's own addresses, its gateway included. Replies to connections the host
 * opened (the control plane probing a runner's admin port) pass. Each chain is rewritten whole, so
 * applying is idempotent.
 */
final class EgressFirewall {

  private static final String REJECT_V4 = "REJECT --reject-with icmp-admin-prohibited";
  private static final String REJECT_V6 = "REJECT --reject-with icmp6-adm-prohibited";

  private final String chain;
  private final EgressPolicy policy;
  private final List<String> resolvers;
  private final HostCommand.Runner host;

  EgressFirewall(String installation, EgressPolicy policy, List<String> resolvers) {
    this(installation, policy, resolvers, HostCommand.Runner.LOCAL);
  }

  /**
   * @param resolvers the host's DNS servers, which Docker's embedded DNS forwards to from inside
   *     each sandbox: port 53 there stays open even where it is a private or link-local address
   * @param host where iptables runs: here as root, else in the host's network namespace through
   *     Docker ({@link HostNetworkContainer})
   */
  EgressFirewall(
      String installation, EgressPolicy policy, List<String> resolvers, HostCommand.Runner host) {
    this.chain = chainName(installation);
    this.policy = policy;
    this.resolvers = List.copyOf(resolvers);
    this.host = host;
  }

  /** {@code PADDOCK-EGRESS} for the default installation; always within iptables' 28 characters. */
  static String chainName(String installation) {
    String name = installation.toUpperCase(Locale.ROOT);
    if (name.length() > 14) {
      name = name.substring(0, 8) + sha256(installation).substring(0, 6).toUpperCase(Locale.ROOT);
    }
    return name + "-EGRESS";
  }

  /**
   * Restricts egress from these bridges and no other, replacing any earlier rules of this
   * installation. Idempotent; callers serialize. Throws {@link EgressException}.
   */
  void apply(List<String> bridges) {
    for (Family family : Family.values()) {
      orThrow(new HostCommand(List.of(family.restore, "--noflush"), rules(bridges, family)));
      hook(family, forwardHook(family), chain);
      hook(family, "INPUT", chain + "-HOST");
    }
  }

  /** Takes every rule of this installation away. Idempotent. */
  void remove() {
    for (Family family : Family.values()) {
      unhook(family, forwardHook(family), chain);
      unhook(family, "INPUT", chain + "-HOST");
      for (String name : List.of(chain, chain + "-POLICY", chain + "-HOST")) {
        host.run(new HostCommand(family.command, "-F", name));
        host.run(new HostCommand(family.command, "-X", name));
      }
    }
  }

  /** The {@code iptables-restore --noflush} input that rewrites this installation's chains. */
  String rules(List<String> bridges, Family family) {
    String policyChain = chain + "-POLICY";
    String host = chain + "-HOST";
    List<String> lines = new ArrayList<>();
    lines.add("*filter");
    for (String name : List.of(chain, policyChain, host)) {
      lines.add(":" + name + " - [0:0]");
    }
    String established = "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN";
    lines.add("-A %s %s".formatted(policyChain, established));
    lines.add("-A %s %s".formatted(host, established));
    for (String resolver : family.select(resolvers)) {
      for (String protocol : List.of("udp", "tcp")) {
        String dns =
            "-d %s -p %s -m %s --dport 53 -j RETURN".formatted(resolver, protocol, protocol);
        lines.add("-A %s %s".formatted(policyChain, dns));
        lines.add("-A %s %s".formatted(host, dns));
      }
    }
    family.select(policy.deny()).forEach(r -> lines.add(reject(policyChain, r, family)));
    family
        .select(policy.allow())
        .forEach(r -> lines.add("-A %s -d %s -j RETURN".formatted(policyChain, r)));
    family.select(EgressPolicy.LINK_LOCAL).forEach(r -> lines.add(reject(policyChain, r, family)));
    family.select(EgressPolicy.PRIVATE).forEach(r -> lines.add(reject(policyChain, r, family)));
    if (!policy.internet()) {
      lines.add("-A %s -j %s".formatted(policyChain, family.reject));
    }
    for (String bridge : bridges) {
      // Traffic between a tenant's own sandboxes crosses its bridge, and netfilter sees it here.
      lines.add("-A %s -i %s -o %s -j RETURN".formatted(chain, bridge, bridge));
      lines.add("-A %s -i %s -j %s".formatted(chain, bridge, policyChain));
      lines.add("-A %s -i %s -j %s".formatted(host, bridge, family.reject));
    }
    lines.add("COMMIT");
    return String.join("\n", lines) + "\n";
  }

  private static String reject(String chain, String range, Family family) {
    return "-A %s -d %s -j %s".formatted(chain, range, family.reject);
  }

  private void hook(Family family, String from, String to) {
    if (!host.run(new HostCommand(family.command, "-C", from, "-j", to)).ok()) {
      orThrow(new HostCommand(family.command, "-I", from, "1", "-j", to));
    }
  }

  private void unhook(Family family, String from, String to) {
    while (host.run(new HostCommand(family.command, "-D", from, "-j", to)).ok()) {
      // Once more, in case an earlier run hooked it twice.
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** IPv4 and IPv6: each has its own tables, commands and reject message. */
  enum Family {
    IPV4("iptables", "iptables-restore", REJECT_V4, range -> !EgressPolicy.isIpv6(range)),
    IPV6("ip6tables", "ip6tables-restore", REJECT_V6, EgressPolicy::isIpv6);

    final String command;
    final String restore;
    final String reject;
    private final Predicate<String> ofFamily;

    Family(String command, String restore, String reject, Predicate<String> ofFamily) {
      this.command = command;
      this.restore = restore;
      this.reject = reject;
      this.ofFamily = ofFamily;
    }

    List<String> select(List<String> ranges) {
      return ranges.stream().filter(ofFamily).toList();
    }
  }

  /**
   * Docker's {@code DOCKER-USER} where Docker manages this family's firewall; else {@code FORWARD}
   * itself (Docker leaves IPv6 alone unless its {@code ip6tables} option is on).
   */
  private String forwardHook(Family family) {
    return host.run(new HostCommand(family.command, "-S", "DOCKER-USER")).ok()
        ? "DOCKER-USER"
        : "FORWARD";
  }

  private void orThrow(HostCommand command) {
    command.orThrow(host.run(command));
  }
}
