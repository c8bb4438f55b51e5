package dev.paddock.app;

import dev.paddock.sandbox.Limits;
import dev.paddock.units.Sizes;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The most one sandbox may be given, set by the admin ({@code paddock.limits.max-*}), so that no
 * tenant can take the host's memory, CPUs or process table with one app's limits.
 *
 * @param maxCpus null: the host's core count
 */
@ConfigurationProperties("paddock.limits")
public record LimitCeilings(
    @DefaultValue("4GB") DataSize maxMemory, Double maxCpus, @DefaultValue("4096") int maxPids) {

  /** The CPU ceiling in effect: the configured one, or the host's core count. */
  public double cpus() {
    return maxCpus == null ? Runtime.getRuntime().availableProcessors() : maxCpus;
  }

  /**
   * Returns {@code limits} if each is at most its ceiling.
   *
   * @throws LimitAboveCeilingException naming the first limit above its ceiling and the setting
   */
  public Limits check(Limits limits) {
    if (limits.memory().compareTo(maxMemory) > 0) {
      throw new LimitAboveCeilingException(
          "memory", Sizes.format(limits.memory()), Sizes.format(maxMemory), "max-memory");
    }
    if (limits.cpus() > cpus()) {
      throw new LimitAboveCeilingException(
          "cpus", String.valueOf(limits.cpus()), String.valueOf(cpus()), "max-cpus");
    }
    if (limits.pids() > maxPids) {
      throw new LimitAboveCeilingException(
          "pids", String.valueOf(limits.pids()), String.valueOf(maxPids), "max-pids");
    }
    return limits;
  }

  /** A limit above the ceiling the admin set for every sandbox. */
  static class LimitAboveCeilingException extends ApiException {
    LimitAboveCeilingException(String limit, String asked, String ceiling, String setting) {
      super(
          ProblemType.LIMIT_ABOVE_CEILING,
          "%s %s is above this installation's ceiling of %s per sandbox (paddock.limits.%s)"
              .formatted(limit, asked, ceiling, setting));
    }
  }
}
