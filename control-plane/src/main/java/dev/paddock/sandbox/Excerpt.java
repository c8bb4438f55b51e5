package dev.paddock.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a sandbox said, made fit to store and to log: the tenant writes it, so its size is bounded
 * and its control characters are escaped, and a stack trace it repeats is kept once with a count.
 */
public final class Excerpt {

  /** How many lines an excerpt keeps at most: the last ones. */
  public static final int LINES = 40;

  /** How many characters a line of an excerpt keeps at most. */
  public static final int LINE_LENGTH = 256;

  /** A line that names an exception as a logger prints one under its message. */
  private static final Pattern THROWABLE =
      Pattern.compile("(?:[\\p{L}_$][\\p{L}\\p{N}_$]*\\.)+[\\p{L}_$][\\p{L}\\p{N}_$]*(?:: .*)?");

  private Excerpt() {}

  /**
   * The last {@value #LINES} lines of {@code raw}, each cut to {@value #LINE_LENGTH} characters
   * with its control characters escaped. A stack trace (the exception and the frames and causes
   * under a line) that repeats is shown where it first appears, followed by how many more times it
   * came; so is a line repeated in a row.
   */
  public static List<String> of(List<String> raw) {
    List<Repeated> kept = new ArrayList<>();
    for (List<String> entry : entries(raw)) {
      Repeated same =
          entry.size() > 1
              ? kept.stream().filter(r -> r.sameTrace(entry)).findFirst().orElse(null)
              : kept.isEmpty() || !kept.getLast().lines().equals(entry) ? null : kept.getLast();
      if (same == null) {
        kept.add(new Repeated(entry, new int[] {1}));
      } else {
        same.times()[0]++;
      }
    }
    List<String> lines = new ArrayList<>();
    for (Repeated entry : kept) {
      entry.lines().forEach(line -> lines.add(line(line, LINE_LENGTH)));
      if (entry.times()[0] > 1) {
        lines.add(
            "[the %s above came %d more times]"
                .formatted(
                    entry.lines().size() > 1 ? "stack trace" : "line", entry.times()[0] - 1));
      }
    }
    return List.copyOf(lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
  }

  /** An entry as first seen, and how many times it came. */
  private record Repeated(List<String> lines, int[] times) {

    /** Whether {@code entry} is this stack trace again, whatever its first line says. */
    boolean sameTrace(List<String> entry) {
      return lines.size() == entry.size()
          && lines.subList(1, lines.size()).equals(entry.subList(1, entry.size()));
    }
  }

  /** {@code text} on one line, for the control plane's own log: newlines escaped too. */
  public static String oneLine(String text) {
    return escape(text, true);
  }

  /**
   * {@code text} cut to {@code length} characters (an ellipsis marks the cut), with its control
   * characters but tabs escaped, so that it holds no line breaks and no terminal escapes.
   */
  public static String line(String text, int length) {
    String cut =
        text.length() <= length
            ? text
            : text.substring(
                    0, Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length)
                + "…";
    return escape(cut, false);
  }

  private static String escape(String text, boolean tabs) {
    StringBuilder escaped = new StringBuilder(text.length());
    text.chars()
        .forEach(
            c -> {
              if (c == '\t' && !tabs) {
                escaped.append('\t');
              } else if (c == '\n' || c == '\r' || c == '\t') {
                escaped.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
              } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                escaped.append("\\u%04x".formatted(c));
              } else {
                escaped.append((char) c);
              }
            });
    return escaped.toString();
  }

  /** Lines grouped as a logger writes them: a line, then what is indented or a cause under it. */
  private static List<List<String>> entries(List<String> raw) {
    List<List<String>> entries = new ArrayList<>();
    for (String line : raw) {
      if (entries.isEmpty() || !continues(line)) {
        entries.add(new ArrayList<>());
      }
      entries.getLast().add(line);
    }
    return entries;
  }

  /** Whether a line goes under the one before: a stack frame, a cause, or the exception itself. */
  private static boolean continues(String line) {
    return line.startsWith(" ")
        || line.startsWith("\t")
        || line.startsWith("Caused by:")
        || THROWABLE.matcher(line).matches();
  }
}
