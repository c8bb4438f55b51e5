package dev.paddock.sandbox.docker;

import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.EgressRule;
import dev.paddock.sandbox.TenantEgress;
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
 * opened (the control plane probing a runner's admin port) pass. A tenant with a policy of its own
 * has its rules in {@code <NAME>-EGRESS} itself, matched on its bridge; the floor ({@link
 * EgressFloor}) comes first in every policy. Each chain is rewritten whole in one {@code
 * iptables-restore}, so applying is idempotent, and connections already open stay open.
 */
final class EgressFirewall {

  private static final String REJECT_V4 = "REJECT --reject-with icmp-admin-prohibited";
  private static final String REJECT_V6 = "REJECT --reject-with icmp6-adm-prohibited";
  private static final String ESTABLISHED = "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN";

  private final String chain;
  private final EgressPolicy policy;
  private final EgressFloor floor;
  private final List<String> resolvers;
  private final HostCommand.Runner host;

  EgressFirewall(String installation, EgressPolicy policy, List<String> resolvers) {
    this(installation, policy, EgressFloor.of(policy, "", ""), resolvers, HostCommand.Runner.LOCAL);
  }

  /**
   * @param floor what no sandbox reaches, whatever its tenant's policy: rejected first
   * @param resolvers the host's DNS servers, which Docker's embedded DNS forwards to from inside
   *     each sandbox: port 53 there stays open even where it is a private or link-local address
   * @param host where iptables runs: here as root, else in the host's network namespace through
   *     Docker ({@link HostNetworkContainer})
   */
  EgressFirewall(
      String installation,
      EgressPolicy policy,
      EgressFloor floor,
      List<String> resolvers,
      HostCommand.Runner host) {
    this.chain = chainName(installation);
    this.policy = policy;
    this.floor = floor;
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
  void apply(List<Bridge> bridges) {
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

  /**
   * A tenant bridge, and the policy of its tenant where the tenant has one of its own ({@code
   * null}: the platform's alone, in the shared policy chain).
   */
  record Bridge(String name, TenantEgress own) {
    Bridge(String name) {
      this(name, null);
    }
  }

  /** The {@code iptables-restore --noflush} input that rewrites this installation's chains. */
  String rules(List<Bridge> bridges, Family family) {
    String policyChain = chain + "-POLICY";
    String host = chain + "-HOST";
    List<String> lines = new ArrayList<>();
    lines.add("*filter");
    for (String name : List.of(chain, policyChain, host)) {
      lines.add(":" + name + " - [0:0]");
    }
    lines.add("-A %s %s".formatted(host, ESTABLISHED));
    for (String resolver : family.select(resolvers)) {
      for (String protocol : List.of("udp", "tcp")) {
        lines.add("-A %s %s".formatted(host, dns(resolver, protocol)));
      }
    }
    policy(lines, "-A " + policyChain, null, family);
    bridges.forEach(bridge -> bridge(lines, bridge, family));
    lines.add("COMMIT");
    return String.join("\n", lines) + "\n";
  }

  /** A bridge's own rules: the platform's policy, or its tenant's; and the host closed to it. */
  private void bridge(List<String> lines, Bridge bridge, Family family) {
    // Traffic between a tenant's own sandboxes crosses its bridge, and netfilter sees it here.
    lines.add("-A %s -i %s -o %s -j RETURN".formatted(chain, bridge.name(), bridge.name()));
    if (bridge.own() == null) {
      lines.add("-A %s -i %s -j %s-POLICY".formatted(chain, bridge.name(), chain));
    } else {
      String from = "-A %s -i %s".formatted(chain, bridge.name());
      policy(lines, from, bridge.own(), family);
      lines.add(from + " -j RETURN");
    }
    lines.add("-A %s-HOST -i %s -j %s".formatted(chain, bridge.name(), family.reject));
  }

  /**
   * One policy's rules after {@code from} (a chain, or the main chain and a bridge's match):
   * replies and DNS pass; the platform's deny, then allow; for a tenant's own policy then the
   * floor, its deny and its allow; link-local and the private ranges reject; then the internet, or
   * nothing.
   */
  private void policy(List<String> lines, String from, TenantEgress own, Family family) {
    lines.add(from + " " + ESTABLISHED);
    for (String resolver : family.select(resolvers)) {
      for (String protocol : List.of("udp", "tcp")) {
        lines.add(from + " " + dns(resolver, protocol));
      }
    }
    String reject = "-j " + family.reject;
    family.select(policy.deny()).forEach(r -> lines.add(from + " -d " + r + " " + reject));
    family.select(policy.allow()).forEach(r -> lines.add(from + " -d " + r + " -j RETURN"));
    boolean internet = own == null ? policy.internet() : tenant(lines, from, own, family);
    family
        .select(EgressPolicy.LINK_LOCAL)
        .forEach(r -> lines.add(from + " -d " + r + " " + reject));
    family.select(EgressPolicy.PRIVATE).forEach(r -> lines.add(from + " -d " + r + " " + reject));
    if (!internet) {
      lines.add(from + " " + reject);
    }
  }

  /** A tenant's own rules after the floor's; returns whether the tenant may reach the internet. */
  private boolean tenant(List<String> lines, String from, TenantEgress own, Family family) {
    String reject = "-j " + family.reject;
    List<EgressRule> platformDeny = policy.deny().stream().map(EgressRule::parse).toList();
    family.rules(floor.rules()).stream()
        .filter(r -> !platformDeny.contains(r))
        .forEach(r -> match(lines, from, r, reject));
    family.rules(own.deny()).forEach(r -> match(lines, from, r, reject));
    family.rules(own.allow()).forEach(r -> match(lines, from, r, "-j RETURN"));
    return own.internet() == null ? policy.internet() : own.internet();
  }

  /** A rule with ports becomes one line for TCP and one for UDP. */
  private static void match(List<String> lines, String from, EgressRule rule, String target) {
    if (rule.anyPort()) {
      lines.add("%s -d %s %s".formatted(from, rule.cidr(), target));
      return;
    }
    String ports =
        rule.fromPort() == rule.toPort()
            ? "" + rule.fromPort()
            : rule.fromPort() + ":" + rule.toPort();
    for (String protocol : List.of("tcp", "udp")) {
      lines.add(
          "%s -d %s -p %s -m %s --dport %s %s"
              .formatted(from, rule.cidr(), protocol, protocol, ports, target));
    }
  }

  private static String dns(String resolver, String protocol) {
    return "-d %s -p %s -m %s --dport 53 -j RETURN".formatted(resolver, protocol, protocol);
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

    List<EgressRule> rules(List<EgressRule> rules) {
      return rules.stream().filter(rule -> ofFamily.test(rule.cidr())).toList();
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
