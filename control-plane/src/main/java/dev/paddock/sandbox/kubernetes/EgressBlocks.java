package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.EgressRule;
import dev.paddock.sandbox.TenantEgress;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The egress policy ({@code paddock.sandbox.egress.*}) as a network policy's IP blocks, which only
 * ever allow: the internet is {@code 0.0.0.0/0} and {@code ::/0} with link-local, the private
 * ranges, the cluster's ranges and {@code deny} cut out; each range on {@code allow} is a block of
 * its own with the {@code deny} ranges inside it cut out, and one that a {@code deny} range covers
 * is left out. CIDR ranges either nest or do not meet, so containment is all it takes.
 */
final class EgressBlocks {

  private EgressBlocks() {}

  static List<IPBlock> of(EgressPolicy egress, List<String> clusterCidrs) {
    List<Cidr> deny = egress.deny().stream().map(Cidr::parse).toList();
    Set<Cidr> closed = new LinkedHashSet<>();
    for (List<String> ranges :
        List.of(clusterCidrs, EgressPolicy.LINK_LOCAL, EgressPolicy.PRIVATE, egress.deny())) {
      ranges.stream().map(Cidr::parse).forEach(closed::add);
    }
    List<IPBlock> blocks = new ArrayList<>();
    if (egress.internet()) {
      for (Cidr everything : List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0"))) {
        block(everything, closed).ifPresent(blocks::add);
      }
    }
    for (String range : egress.allow()) {
      block(Cidr.parse(range), deny).ifPresent(blocks::add);
    }
    return blocks;
  }

  /**
   * The blocks of a tenant's own allow rules, each with the ports it opens ({@code null}: every
   * port): the floor, the cluster's ranges and every deny range inside it are cut out, and a rule
   * that one of them covers is left out. A deny rule with ports cuts its whole range: a network
   * policy only ever allows.
   */
  static List<Map.Entry<IPBlock, EgressRule>> own(
      EgressPolicy egress, TenantEgress own, EgressFloor floor, List<String> clusterCidrs) {
    Set<Cidr> cut = new LinkedHashSet<>();
    floor.rules().stream().map(r -> Cidr.parse(r.cidr())).forEach(cut::add);
    clusterCidrs.stream().map(Cidr::parse).forEach(cut::add);
    egress.deny().stream().map(Cidr::parse).forEach(cut::add);
    own.deny().stream().map(r -> Cidr.parse(r.cidr())).forEach(cut::add);
    List<Map.Entry<IPBlock, EgressRule>> blocks = new ArrayList<>();
    for (EgressRule rule : own.allow()) {
      block(Cidr.parse(rule.cidr()), cut)
          .ifPresent(b -> blocks.add(new AbstractMap.SimpleEntry<>(b, rule)));
    }
    return blocks;
  }

  /**
   * The internet's blocks and the platform's allowed ones, for a tenant whose own policy says
   * whether it reaches the internet and what it denies besides the platform.
   */
  static List<IPBlock> of(EgressPolicy egress, TenantEgress own, List<String> clusterCidrs) {
    if (own == null) {
      return of(egress, clusterCidrs);
    }
    List<String> deny = new ArrayList<>(egress.deny());
    own.deny().forEach(r -> deny.add(r.cidr()));
    return of(
        new EgressPolicy(
            own.internet() == null ? egress.internet() : own.internet(), egress.allow(), deny),
        clusterCidrs);
  }

  /**
   * The block of {@code cidr} less what of {@code cut} lies inside it; none if {@code cut} covers
   * it.
   */
  private static Optional<IPBlock> block(Cidr cidr, Iterable<Cidr> cut) {
    List<String> except = new ArrayList<>();
    for (Cidr c : cut) {
      if (c.contains(cidr)) {
        return Optional.empty();
      }
      if (cidr.contains(c)) {
        except.add(c.toString());
      }
    }
    return Optional.of(new IPBlock(cidr.toString(), except));
  }

  /** An address range as written ({@code text}), and its network address and prefix length. */
  record Cidr(String text, byte[] network, int bits) {

    /** A range, or a single address as its own /32 or /128. */
    static Cidr parse(String range) {
      String[] parts = range.split("/", 2);
      byte[] address = EgressPolicy.literal(parts[0]).getAddress();
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
      return new Cidr(parts[0] + "/" + bits, EgressPolicy.masked(address, bits), bits);
    }

    /** Whether every address of {@code other} is in this range. */
    boolean contains(Cidr other) {
      return other.network.length == network.length
          && other.bits >= bits
          && Arrays.equals(EgressPolicy.masked(other.network, bits), network);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Cidr c && c.bits == bits && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(network) + bits;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
