package dev.paddock.app;

import dev.paddock.sandbox.Limits;
import dev.paddock.units.Sizes;

/** Limits as the API shows them: memory as a size such as {@code 256MiB}. */
public record LimitsView(String memory, double cpus, int pids) {

  public static LimitsView of(Limits limits) {
    return new LimitsView(Sizes.format(limits.memory()), limits.cpus(), limits.pids());
  }
}
