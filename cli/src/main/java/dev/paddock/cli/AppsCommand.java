package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The tenant's apps: list, create, show, delete. */
@Command(
    name = "apps",
    mixinStandardHelpOptions = true,
    description =
        "List the tenant's apps with their status, instances and memory in use of what their"
            + " limits allow.",
    subcommands = {AppsCommand.Create.class, AppsCommand.Show.class, AppsCommand.Delete.class},
    footer = {"", "Examples:", "  paddock apps", "  paddock apps --json | jq -r '.[].name'"})
class AppsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;

  @Option(names = "--json", description = "Print the API's JSON as it is.")
  boolean json;

  @Override
  public Integer call() {
    Client client = target.client();
    JsonNode apps = client.get(client.apps());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Client.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(apps));
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode app : apps) {
      rows.add(
          List.of(
              app.path("name").asString(),
              Terminal.status(app.path("status").asString()),
              app.path("instances").size() + "/" + app.path("scale").asInt(),
              memory(client, app),
              release(app.path("liveRelease")),
              app.path("url").asString("")));
    }
    Terminal.table(out, List.of("NAME", "STATUS", "INSTANCES", "MEMORY", "LIVE", "URL"), rows);
    return 0;
  }

  /** The instances' last memory readings against their limits, as the dashboard shows them. */
  private static String memory(Client client, JsonNode app) {
    int instances = Math.max(1, app.path("instances").size());
    String limit =
        (instances > 1 ? instances + "×" : "") + app.path("limits").path("memory").asString();
    if (app.path("instances").isEmpty()) {
      return "- / " + limit;
    }
    try {
      JsonNode metrics =
          client.get(client.app(app.path("name").asString()) + "/metrics?last=PT30S");
      long used = 0;
      for (JsonNode instance : metrics.path("instances")) {
        JsonNode samples = instance.path("samples");
        if (!samples.isEmpty()) {
          used += samples.get(samples.size() - 1).path("memoryBytes").asLong();
        }
      }
      return Sizes.bytes(used) + " / " + limit;
    } catch (ApiRefusedException e) {
      return "? / " + limit;
    }
  }

  static String release(JsonNode version) {
    return version.isNumber() ? "v" + version.asInt() : "-";
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an app with the default limits.",
      footer = {"", "Example:", "  paddock apps create hello"})
  static class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "NAME", description = "A DNS label: lower case, digits, '-'.")
    String name;

    @Override
    public Integer call() {
      Client client = target.client();
      JsonNode app = client.post(client.apps(), Map.of("name", name));
      spec.commandLine()
          .getOut()
          .printf("Created %s: %s%n", app.path("name").asString(), app.path("url").asString(""));
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one app: status, releases, limits and instances.",
      footer = {"", "Example:", "  paddock apps show hello --json | jq .status"})
  static class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "APP")
    String name;

    @Option(names = "--json", description = "Print the API's JSON as it is.")
    boolean json;

    @Override
    public Integer call() {
      Client client = target.client();
      JsonNode app = client.get(client.app(name));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Client.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(app));
        return 0;
      }
      out.printf("Name:      %s%n", app.path("name").asString());
      out.printf("URL:       %s%n", app.path("url").asString(""));
      out.printf("Status:    %s%n", Terminal.status(app.path("status").asString()));
      out.printf("Live:      %s%n", release(app.path("liveRelease")));
      out.printf("Target:    %s%n", release(app.path("targetRelease")));
      JsonNode limits = app.path("limits");
      out.printf(
          "Limits:    %s memory, %s CPUs, %d pids%n",
          limits.path("memory").asString(),
          limits.path("cpus").asString(),
          limits.path("pids").asInt());
      out.printf("Scale:     %d%n", app.path("scale").asInt());
      if (app.path("lastError").isString()) {
        out.printf("Error:     %s%n", app.path("lastError").asString());
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode instance : app.path("instances")) {
        rows.add(
            List.of(
                instance.path("name").asString(),
                String.valueOf(instance.path("slot").asInt()),
                release(instance.path("release")),
                Terminal.status(instance.path("state").asString())));
      }
      out.println();
      Terminal.table(out, List.of("INSTANCE", "SLOT", "RELEASE", "STATE"), rows);
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete an app, its releases and its sandboxes. Asks first on a terminal.",
      footer = {"", "Example:", "  paddock apps delete hello --yes"})
  static class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "APP")
    String name;

    @Option(names = "--yes", description = "Do not ask; required when not on a terminal.")
    boolean yes;

    @Override
    public Integer call() {
      if (!Terminal.confirmed(yes, "Delete app %s and all its releases?".formatted(name), spec)) {
        return 0;
      }
      Client client = target.client();
      client.delete(client.app(name));
      spec.commandLine().getOut().printf("Deleted %s%n", name);
      return 0;
    }
  }
}
