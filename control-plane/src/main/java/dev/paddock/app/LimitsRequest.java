package dev.paddock.app;

import dev.paddock.sandbox.Limits;
import dev.paddock.units.Sizes;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import org.springframework.util.unit.DataSize;

/** Limits as a client sends them; what it leaves out stays as it was. */
public record LimitsRequest(String memory, Double cpus, Integer pids) {

  /** These limits over {@code fallback}; throws a 400 naming the value that cannot apply. */
  public Limits or(Limits fallback) {
    DataSize size = memory == null ? fallback.memory() : parseMemory(memory);
    try {
      return new Limits(
          size, cpus == null ? fallback.cpus() : cpus, pids == null ? fallback.pids() : pids);
    } catch (IllegalArgumentException e) {
      throw new InvalidLimitsException(e.getMessage());
    }
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
      super(ProblemType.INVALID_LIMITS, detail);
    }
  }
}
