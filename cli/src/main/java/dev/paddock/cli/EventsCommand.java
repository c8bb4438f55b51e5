package dev.paddock.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
    output.list(
        spec.commandLine().getOut(),
        client.get(client.app(app) + "/events?limit=" + limit),
        List.of("AT", "TYPE", "MESSAGE"),
        event ->
            List.of(
                Output.text(event, "at"),
                Output.text(event, "type"),
                Output.text(event, "message").replace('\n', ' ')));
    return 0;
  }
}
