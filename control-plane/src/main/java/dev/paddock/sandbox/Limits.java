package dev.paddock.sandbox;

import dev.paddock.units.Sizes;
import org.springframework.util.unit.DataSize;

/**
 * What one sandbox of an app may use: memory (heap is sized from it), CPUs and processes. Throws
 * {@link IllegalArgumentException} for values no sandbox can run with; the API says so as a 400.
 */
public record Limits(DataSize memory, double cpus, int pids) {

  public static final DataSize MIN_MEMORY = DataSize.ofMegabytes(64);

  public Limits {
    if (memory.compareTo(MIN_MEMORY) < 0) {
      throw new IllegalArgumentException(
          "memory must be at least 64MiB, got " + Sizes.format(memory));
    }
    if (!(cpus >= 0.01 && cpus <= 64)) {
      throw new IllegalArgumentException("cpus must be between 0.01 and 64, got " + cpus);
    }
    if (pids < 16 || pids > 65536) {
      throw new IllegalArgumentException("pids must be between 16 and 65536, got " + pids);
    }
  }
}
