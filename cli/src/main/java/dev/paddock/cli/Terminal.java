package dev.paddock.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What the CLI prints for people: aligned tables, colour only on a terminal without NO_COLOR. */
final class Terminal {

  private Terminal() {}

  /** Whether a person sits at stdin and stdout, rather than a pipe or a script. */
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // From JDK 22 a console exists even when redirected; isTerminal (22+) tells them apart.
      return (boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException olderJdk) {
      return true;
    }
  }

  static boolean colour() {
    String noColor = System.getenv("NO_COLOR");
    return interactive() && (noColor == null || noColor.isEmpty());
  }

  /** The status word, green when live, red when failed, yellow otherwise (when in colour). */
  static String status(String status) {
    if (!colour() || status == null) {
      return String.valueOf(status);
    }
    String code =
        switch (status) {
          case "live", "running" -> "32";
          case "failed", "crashed" -> "31";
          default -> "33";
        };
    return "\u001b[" + code + "m" + status + "\u001b[0m";
  }

  /** Prints rows under a header, each column as wide as its widest cell. */
  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], visible(row.get(i)).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - visible(cell).length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String visible(String cell) {
    return cell.replaceAll("\u001b\\[[0-9;]*m", "");
  }
}
