package dev.paddock.app;

import dev.paddock.units.Sizes;
import dev.paddock.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** What one sandbox of an app may use: memory (heap is sized from it), CPUs and processes. */
public record Limits(DataSize memory, double cpus, int pids) {

  static final DataSize MIN_MEMORY = DataSize.ofMegabytes(64);

  public Limits {
    if (memory.compareTo(MIN_MEMORY) < 0) {
      throw new InvalidLimitsException(
          "memory must be at least 64MiB, got " + Sizes.format(memory));
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
    return new View(Sizes.format(memory), cpus, pids);
  }

  /** Parses sizes such as {@code 256MiB}, {@code 1GiB} or {@code 512m}; units are binary. */
  static DataSize parseMemory(String text) {
    return Sizes.parse(text)
        .orElseThrow(
            () ->
                new InvalidLimitsException(
                    "memory '%s' is not a size such as 256MiB or 1GiB, at most 1048576GiB"
                        .formatted(text)));
  }

  /** Limits that cannot be applied as asked. */
  static class InvalidLimitsException extends ApiException {
    InvalidLimitsException(String detail) {
      super(HttpStatus.BAD_REQUEST, "invalid-limits", "Invalid limits", detail);
    }
  }
}
