package dev.paddock.app;

import dev.paddock.web.ApiException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** What one sandbox of an app may use: memory (heap is sized from it), CPUs and processes. */
public record Limits(DataSize memory, double cpus, int pids) {

  static final DataSize MIN_MEMORY = DataSize.ofMegabytes(64);
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([a-z]*)");
  private static final Map<String, Long> UNITS =
      Map.of(
          "", 1L, "b", 1L, "k", 1L << 10, "kb", 1L << 10, "kib", 1L << 10, "m", 1L << 20, "mb",
          1L << 20, "mib", 1L << 20, "g", 1L << 30, "gb", 1L << 30);

  public Limits {
    if (memory.compareTo(MIN_MEMORY) < 0) {
      throw new InvalidLimitsException("memory must be at least 64MiB, got " + format(memory));
    }
    if (!(cpus >= 0.01 && cpus <= 64)) {
      throw new InvalidLimitsException("cpus must be between 0.01 and 64, got " + cpus);
    }
    if (pids < 16 || pids > 65536) {
      throw new InvalidLimitsException("pids must be between 16 and 65536, got " + pids);
    }
  }

  /** Limits as a client sends them; what it leaves out stays as it was. */
  public record Request(String memory, Double cpus, Integer pids) {
    public Limits or(Limits fallback) {
      return new Limits(
          memory == null ? fallback.memory() : parseMemory(memory),
          cpus == null ? fallback.cpus() : cpus,
          pids == null ? fallback.pids() : pids);
    }
  }

  /** Limits as the API shows them: memory as a size such as {@code 256MiB}. */
  public record View(String memory, double cpus, int pids) {}

  public View view() {
    return new View(format(memory), cpus, pids);
  }

  /** Parses sizes such as {@code 256MiB}, {@code 1GiB} or {@code 512m}; units are binary. */
  static DataSize parseMemory(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    Long unit = m.matches() ? unit(m.group(2)) : null;
    if (unit == null) {
      throw new InvalidLimitsException(
          "memory '%s' is not a size such as 256MiB or 1GiB".formatted(text));
    }
    return DataSize.ofBytes(Math.multiplyExact(Long.parseLong(m.group(1)), unit));
  }

  private static Long unit(String suffix) {
    return suffix.equals("gib") ? Long.valueOf(1L << 30) : UNITS.get(suffix);
  }

  static String format(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    }
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + "MiB" : bytes + "B";
  }

  /** Limits that cannot be applied as asked. */
  static class InvalidLimitsException extends ApiException {
    InvalidLimitsException(String detail) {
      super(HttpStatus.BAD_REQUEST, "invalid-limits", "Invalid limits", detail);
    }
  }
}
