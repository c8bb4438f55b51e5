package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The app's stdout and stderr, of all its instances, and with {@code -f} what comes next. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print the app's latest log lines; with -f keep printing new ones.",
    footer = {"", "Examples:", "  paddock logs hello --tail 500", "  paddock logs hello -f"})
class LogsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;

  @Parameters(paramLabel = "APP")
  String app;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing lines as they come.")
  boolean follow;

  @Option(
      names = {"-n", "--tail"},
      defaultValue = "100",
      description = "How many of the latest lines first (default: ${DEFAULT-VALUE}).")
  int tail;

  @Override
  public Integer call() {
    Client client = target.client();
    PrintWriter out = spec.commandLine().getOut();
    String path = client.app(app) + "/logs?tail=" + tail;
    if (!follow) {
      for (JsonNode line : client.get(path)) {
        print(out, line);
      }
      return 0;
    }
    client.stream(
        path + "&follow=true",
        event -> {
          if ("line".equals(event.name())) {
            print(out, Client.JSON.readTree(event.data()));
          }
          return true;
        });
    return 0;
  }

  private static void print(PrintWriter out, JsonNode line) {
    String stream = line.path("stream").asString();
    out.printf(
        "%s [%d %s] %s%n",
        line.path("at").asString(),
        line.path("slot").asInt(),
        stream,
        line.path("line").asString());
    out.flush();
  }
}
