package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** Shows the app's limits, or changes those given; the rest stay as they are. */
@Command(
    name = "limits",
    mixinStandardHelpOptions = true,
    description = {
      "Show the app's memory, CPU and pids limits, or set those given.",
      "CPUs and pids change in place; a new memory limit replaces each instance in turn."
    },
    footer = {
      "",
      "Examples:",
      "  paddock limits hello",
      "  paddock limits hello --memory 512MiB --cpus 1.5"
    })
class LimitsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Parameters(paramLabel = "APP")
  String app;

  @Option(names = "--memory", paramLabel = "SIZE", description = "Such as 256MiB or 1GiB.")
  String memory;

  @Option(names = "--cpus", paramLabel = "N", description = "Cores, such as 0.5 or 2.")
  Double cpus;

  @Option(names = "--pids", paramLabel = "N", description = "Processes and threads at most.")
  Integer pids;

  @Override
  public Integer call() {
    Client client = target.client();
    PrintWriter out = spec.commandLine().getOut();
    if (memory == null && cpus == null && pids == null) {
      JsonNode limits = client.get(client.app(app)).path("limits");
      if (!output.printedJson(out, limits)) {
        print(out, limits);
      }
      return 0;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("memory", memory);
    request.put("cpus", cpus);
    request.put("pids", pids);
    JsonNode change = client.put(client.app(app) + "/limits", request);
    if (!output.printedJson(out, change)) {
      print(out, change.path("limits"));
      out.printf("Applied:  %s%n", change.path("applied").asString());
    }
    return 0;
  }

  private static void print(PrintWriter out, JsonNode limits) {
    out.printf("Memory:   %s%n", Output.text(limits, "memory"));
    out.printf("CPUs:     %s%n", Output.text(limits, "cpus"));
    out.printf("Pids:     %s%n", Output.text(limits, "pids"));
  }
}
