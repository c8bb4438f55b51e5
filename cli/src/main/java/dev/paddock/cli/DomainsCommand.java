package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.Map;
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
      "List the app's own host names with their proof of control, or add, verify or remove one.",
      "A name routes once its control is proven: point its DNS at the edge (which then serves",
      "the name's token over HTTP), or add the TXT record _paddock.HOST holding the token.",
      "Names under Paddock's base domain are its own."
    },
    footer = {
      "",
      "Examples:",
      "  paddock domains hello",
      "  paddock domains hello add www.example.com",
      "  paddock domains hello verify www.example.com",
      "  paddock domains hello remove www.example.com"
    })
class DomainsCommand implements Callable<Integer> {

  /** What to do with HOST. */
  enum Action {
    add,
    verify,
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
      paramLabel = "add|verify|remove",
      description = "Add, check now or remove HOST; without it, list.")
  Action action;

  @Parameters(index = "2", arity = "0..1", paramLabel = "HOST")
  String host;

  @Override
  public Integer call() {
    if ((action == null) != (host == null)) {
      throw new UsageException("give both add|verify|remove and HOST, or neither to list");
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
    } else if (action == Action.verify) {
      JsonNode checked = client.post(domains + "/" + host + "/verify", Map.of());
      if (!output.printedJson(out, checked)) {
        print(out, checked);
      }
      out.flush();
      return 0;
    } else {
      listed = action == Action.add ? client.put(domains + "/" + host) : client.get(domains);
      if (action == Action.add && !output.json) {
        out.printf("Added %s to %s%n", host, app);
        print(out, client.get(domains + "/" + host));
        out.flush();
        return 0;
      }
    }
    if (!output.printedJson(out, listed)) {
      for (JsonNode name : listed) {
        JsonNode state = client.get(domains + "/" + name.asString());
        out.printf("%-40s %s%n", name.asString(), state.path("state").asString(""));
      }
    }
    out.flush();
    return 0;
  }

  /** One name's state and, until it is verified, what to do and why the last check failed. */
  private static void print(PrintWriter out, JsonNode name) {
    out.printf("%s: %s%n", name.path("host").asString(""), name.path("state").asString(""));
    if (!"verified".equals(name.path("state").asString(""))) {
      out.println(name.path("todo").asString(""));
      if (name.hasNonNull("lastError")) {
        out.println("Last check: " + name.path("lastError").asString(""));
      }
    }
  }
}
