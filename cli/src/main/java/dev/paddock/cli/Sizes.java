package dev.paddock.cli;

import java.util.Locale;

/** Byte counts as people read them: binary units, one decimal below ten. */
final class Sizes {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  static String bytes(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    String format = unit == 0 || value >= 10 ? "%.0f%s" : "%.1f%s";
    return String.format(Locale.ROOT, format, value, UNITS[unit]);
  }
}
