package dev.paddock.cli;

import java.util.ArrayList;
import java.util.List;

/** A one-line chart of a series in block characters, squeezed or kept to a given width. */
final class Chart {

  private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();

  private Chart() {}

  /**
   * The series as bars against {@code top} (the tallest bar), one bar per column; a column holds
   * the mean of the points it covers, and a gap (a column with only missing points) is a space.
   */
  static String sparkline(List<Double> series, double top, int width) {
    List<Double> columns = squeezed(series, width);
    StringBuilder line = new StringBuilder();
    for (Double value : columns) {
      if (value == null) {
        line.append(' ');
      } else {
        double share = top <= 0 ? 0 : Math.clamp(value / top, 0, 1);
        line.append(BARS[(int) Math.round(share * (BARS.length - 1))]);
      }
    }
    return line.toString();
  }

  /** At most {@code width} values: consecutive points are averaged into columns, nulls skipped. */
  static List<Double> squeezed(List<Double> series, int width) {
    if (series.size() <= width) {
      return series;
    }
    List<Double> columns = new ArrayList<>(width);
    for (int column = 0; column < width; column++) {
      int from = (int) ((long) column * series.size() / width);
      int to = (int) ((long) (column + 1) * series.size() / width);
      double sum = 0;
      int count = 0;
      for (Double value : series.subList(from, to)) {
        if (value != null) {
          sum += value;
          count++;
        }
      }
      columns.add(count == 0 ? null : sum / count);
    }
    return columns;
  }

  /** The largest value present, 0 when there is none. */
  static double max(List<Double> series) {
    return series.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
