package dev.paddock.sandbox.docker;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 range that tenant networks take a {@code /24} each from once Docker's own address pools
 * are used up ({@code paddock.sandbox.network-pool}): Docker's defaults hold about 30 bridge
 * networks, and each tenant with a running app holds one.
 */
record SubnetPool(int base, int prefix) {

  static final int SUBNET_PREFIX = 24;
  private static final Pattern CIDR =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  /** The range the admin configured: {@code /8} to {@code /24}. */
  static SubnetPool configured(String cidr) {
    SubnetPool pool = parse(cidr);
    if (pool.prefix < 8 || pool.prefix > SUBNET_PREFIX) {
      throw new IllegalArgumentException(
          "paddock.sandbox.network-pool must be an IPv4 range from /8 to /24, got " + cidr);
    }
    return pool;
  }

  /** Parses {@code a.b.c.d/n}, any prefix; the address is taken down to the start of its range. */
  static SubnetPool parse(String cidr) {
    var m = CIDR.matcher(cidr.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "paddock.sandbox.network-pool must be an IPv4 range such as 10.200.0.0/13, got " + cidr);
    }
    int address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new IllegalArgumentException("Not an IPv4 address in " + cidr);
      }
      address = address << 8 | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    if (prefix > 32) {
      throw new IllegalArgumentException("Not an IPv4 range: " + cidr);
    }
    return new SubnetPool(address & mask(prefix), prefix);
  }

  /** The first {@code /24} of the range that overlaps none of {@code used} (IPv6 ones ignored). */
  Optional<String> firstFree(Collection<String> used) {
    var taken =
        used.stream()
            .map(String::strip)
            .filter(CIDR.asMatchPredicate())
            .map(SubnetPool::parse)
            .toList();
    int subnets = 1 << (SUBNET_PREFIX - prefix);
    for (int i = 0; i < subnets; i++) {
      var candidate = new SubnetPool(base + (i << (32 - SUBNET_PREFIX)), SUBNET_PREFIX);
      if (taken.stream().noneMatch(candidate::overlaps)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  /** Whether {@code subnet} lies within this range. */
  boolean holds(String subnet) {
    SubnetPool other = parse(subnet);
    return other.prefix >= prefix && overlaps(other);
  }

  private boolean overlaps(SubnetPool other) {
    int wider = Math.min(prefix, other.prefix);
    return (base & mask(wider)) == (other.base & mask(wider));
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  @Override
  public String toString() {
    return "%d.%d.%d.%d/%d"
        .formatted(base >>> 24, base >>> 16 & 255, base >>> 8 & 255, base & 255, prefix);
  }
}
