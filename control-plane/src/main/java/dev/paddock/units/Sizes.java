package dev.paddock.units;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/** Memory sizes as the API reads and writes them: binary units, {@code 256MiB}, {@code 1GiB}. */
public final class Sizes {

  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([a-z]*)");
  private static final Map<String, Long> UNITS =
      Map.ofEntries(
          Map.entry("", 1L),
          Map.entry("b", 1L),
          Map.entry("k", 1L << 10),
          Map.entry("kb", 1L << 10),
          Map.entry("kib", 1L << 10),
          Map.entry("m", 1L << 20),
          Map.entry("mb", 1L << 20),
          Map.entry("mib", 1L << 20),
          Map.entry("g", 1L << 30),
          Map.entry("gb", 1L << 30),
          Map.entry("gib", 1L << 30));

  /** The largest size read: 1 PiB, far above any machine's memory and far from overflowing. */
  public static final DataSize MAX = DataSize.ofBytes(1L << 50);

  private Sizes() {}

  /**
   * Parses sizes such as {@code 256MiB}, {@code 1GiB} or {@code 512m}; empty if it is none, or if
   * it is above {@link #MAX}, so that an absurd size is the client's error and sums and products of
   * sizes (a limit times its instances, a tenant's total) cannot overflow.
   */
  public static Optional<DataSize> parse(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    Long unit = m.matches() ? UNITS.get(m.group(2)) : null;
    if (unit == null) {
      return Optional.empty();
    }
    long count = Long.parseLong(m.group(1));
    if (count > MAX.toBytes() / unit) {
      return Optional.empty();
    }
    return Optional.of(DataSize.ofBytes(count * unit));
  }

  /** A size in the largest binary unit that keeps it whole: {@code 1536MiB}, {@code 4GiB}. */
  public static String format(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    }
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + "MiB" : bytes + "B";
  }
}
