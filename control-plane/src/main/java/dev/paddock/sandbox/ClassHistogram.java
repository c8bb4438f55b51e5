package dev.paddock.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes on a sandbox's live heap, largest by bytes first, as read from the JVM's class
 * histogram text ({@code GC.class_histogram}). The text comes from the sandbox, so from its tenant:
 * only lines of the histogram's own row format count, anything else is skipped, and names are
 * shortened and stripped of control characters.
 *
 * @param classes at most the number asked for, largest first
 * @param totalInstances the instances of every class the histogram listed, not only those kept
 * @param totalBytes the bytes of every class the histogram listed
 */
public record ClassHistogram(List<Entry> classes, long totalInstances, long totalBytes) {

  /** The longest class or module name kept; longer ones are cut. */
  static final int NAME_LENGTH = 300;

  /** How many lines of a histogram are looked at; the runner sends a few hundred. */
  static final int MAX_LINES = 10_000;

  // "   1:         15398         758216  [B (java.base@25.0.3)"; classes of the unnamed module
  // have no module.
  private static final Pattern ROW =
      Pattern.compile(
          "\\s*\\d{1,9}:\\s+(\\d{1,18})\\s+(\\d{1,18})\\s+(\\S{1,2000})(?:\\s+\\((.{0,2000})\\))?\\s*");

  public ClassHistogram {
    classes = List.copyOf(classes);
  }

  /**
   * One class.
   *
   * @param name the class's binary name as the JVM prints it ({@code [B}, {@code java.lang.String})
   * @param module its module and version ({@code java.base@25}), or null when unnamed
   */
  public record Entry(String name, String module, long instances, long bytes) {}

  /** Parses histogram text, keeping the {@code top} largest classes. Never throws. */
  public static ClassHistogram parse(String text, int top) {
    List<Entry> all = new ArrayList<>();
    long instances = 0;
    long bytes = 0;
    int lines = 0;
    for (String line : text.split("\n", MAX_LINES + 1)) {
      if (++lines > MAX_LINES) {
        break;
      }
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        Entry entry = entry(row);
        all.add(entry);
        instances = saturatedAdd(instances, entry.instances());
        bytes = saturatedAdd(bytes, entry.bytes());
      }
    }
    List<Entry> largest =
        all.stream()
            .sorted(Comparator.comparingLong(Entry::bytes).reversed())
            .limit(Math.max(0, top))
            .toList();
    return new ClassHistogram(largest, instances, bytes);
  }

  private static Entry entry(Matcher row) {
    return new Entry(
        clean(row.group(3)),
        row.group(4) == null ? null : clean(row.group(4)),
        Long.parseLong(row.group(1)),
        Long.parseLong(row.group(2)));
  }

  private static String clean(String name) {
    String printable = name.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= NAME_LENGTH ? printable : printable.substring(0, NAME_LENGTH);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
