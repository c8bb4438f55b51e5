package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code --json}: a command prints the API's JSON as it is instead of a table for people. */
class Output {

  @Option(names = "--json", description = "Print the API's JSON as it is, for scripts.")
  boolean json;

  /** Prints {@code answer} as JSON when {@code --json} was given; whether it did. */
  boolean printedJson(PrintWriter out, JsonNode answer) {
    if (json) {
      out.println(Client.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      out.flush();
    }
    return json;
  }

  /**
   * Prints a list the API answered: as JSON with {@code --json}, else as a table of one row per
   * item.
   */
  void list(
      PrintWriter out, JsonNode items, List<String> headers, Function<JsonNode, List<String>> row) {
    if (printedJson(out, items)) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    items.forEach(item -> rows.add(row.apply(item)));
    Terminal.table(out, headers, rows);
  }

  /** A field as text, {@code -} when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asString();
  }

  /** An array's items as text, joined by commas; {@code -} when empty. */
  static String joined(JsonNode array) {
    StringBuilder joined = new StringBuilder();
    for (JsonNode item : array) {
      joined.append(joined.isEmpty() ? "" : ",").append(item.asString());
    }
    return joined.isEmpty() ? "-" : joined.toString();
  }

  static String abbreviated(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length);
  }
}
