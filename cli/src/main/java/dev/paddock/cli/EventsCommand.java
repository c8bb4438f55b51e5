package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The app's timeline: deploys, sandboxes started, crashes with their causes, scaling. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Show the app's events, newest first: deploys, starts, crashes and their causes.",
    footer = {"", "Examples:", "  paddock events hello", "  paddock events hello -n 500 --json"})
class EventsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Parameters(paramLabel = "APP")
  String app;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "50",
      description = "How many of the newest (default: ${DEFAULT-VALUE}, at most 500).")
  int limit;

  @Override
  public Integer call() {
    Client client = target.client();
    JsonNode events = client.get(client.app(app) + "/events?limit=" + limit);
    PrintWriter out = spec.commandLine().getOut();
    if (output.printedJson(out, events)) {
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode event : events) {
      rows.add(
          List.of(
              Output.text(event, "at"),
              Output.text(event, "type"),
              Output.text(event, "message").replace('\n', ' ')));
    }
    Terminal.table(out, List.of("AT", "TYPE", "MESSAGE"), rows);
    return 0;
  }
}
