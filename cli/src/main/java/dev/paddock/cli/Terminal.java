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

  /**
   * A secret typed at the terminal without echo, or the first line of stdin when no one sits at it
   * (so that {@code printf '%s\n' "$PW" | paddock login …} works in a script).
   */
  static String secret(String prompt) {
    Console console = System.console();
    if (console != null && interactive()) {
      char[] typed = console.readPassword("%s", prompt);
      if (typed == null) {
        throw new UsageException("no password given");
      }
      return new String(typed);
    }
    try {
      var stdin =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
      String line = stdin.readLine();
      if (line == null || line.isEmpty()) {
        throw new UsageException("no password on stdin: pipe it in, or run on a terminal");
      }
      return line;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Whether a destructive command may go ahead: {@code --yes}, or a person's yes at the terminal.
   * Without either, off a terminal, it is a usage error, so that a script never hangs on a prompt.
   */
  static boolean confirmed(
      boolean yes, String question, picocli.CommandLine.Model.CommandSpec spec) {
    if (yes) {
      return true;
    }
    if (!interactive()) {
      throw new UsageException("refusing without --yes: " + question);
    }
    String answer = System.console().readLine("%s [y/N] ", question);
    if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
      spec.commandLine().getOut().println("Nothing done.");
      return false;
    }
    return true;
  }

  static boolean colour() {
    String noColor = System.getenv("NO_COLOR");
    return interactive() && (noColor == null || noColor.isEmpty());
  }

  /** The terminal's width as the shell exports it ({@code COLUMNS}), else 80. */
  static int columns() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /**
   * The status word, green when live, red when failed, blue when asleep, yellow otherwise (when in
   * colour).
   */
  static String status(String status) {
    if (!colour() || status == null) {
      return String.valueOf(status);
    }
    String code =
        switch (status) {
          case "live", "running" -> "32";
          case "failed", "crashed" -> "31";
          case "asleep" -> "34";
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
