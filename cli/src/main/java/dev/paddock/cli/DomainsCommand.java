package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The app's own host names: lists them, or adds or removes one. */
@Command(
    name = "domains",
    mixinStandardHelpOptions = true,
    description = {
      "List the app's own host names, or add or remove one.",
      "Point the name's DNS at the edge; names under Paddock's base domain are its own."
    },
    footer = {
      "",
      "Examples:",
      "  paddock domains hello",
      "  paddock domains hello add www.example.com",
      "  paddock domains hello remove www.example.com"
    })
class DomainsCommand implements Callable<Integer> {

  /** What to do with HOST. */
  enum Action {
    add,
    remove
  }

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "APP")
  String app;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "add|remove",
      description = "Add or remove HOST; without it, list.")
  Action action;

  @Parameters(index = "2", arity = "0..1", paramLabel = "HOST")
  String host;

  @Override
  public Integer call() {
    if ((action == null) != (host == null)) {
      throw new UsageException("give both add|remove and HOST, or neither to list");
    }
    Client client = target.client();
    String domains = client.app(app) + "/domains";
    PrintWriter out = spec.commandLine().getOut();
    JsonNode listed;
    if (action == Action.remove) {
      client.delete(domains + "/" + host);
      listed = client.get(domains);
      if (!output.json) {
        out.printf("Removed %s from %s%n", host, app);
      }
    } else {
      listed = action == Action.add ? client.put(domains + "/" + host) : client.get(domains);
      if (action == Action.add && !output.json) {
        out.printf("Added %s to %s%n", host, app);
      }
    }
    if (!output.printedJson(out, listed)) {
      listed.forEach(name -> out.println(name.asString()));
    }
    out.flush();
    return 0;
  }
}
