package dev.paddock.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** Sets how many instances serve the app; not a release, so no rollout to follow. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Set how many instances serve the app.",
      "New ones run the live release; removed ones drain first; the others keep serving."
    },
    footer = {"", "Example:", "  paddock scale hello 3"})
class ScaleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "APP")
  String app;

  @Parameters(index = "1", paramLabel = "N", description = "How many instances.")
  int instances;

  @Override
  public Integer call() {
    Client client = target.client();
    JsonNode scaled = client.put(client.app(app) + "/scale", Map.of("instances", instances));
    if (!output.printedJson(spec.commandLine().getOut(), scaled)) {
      spec.commandLine()
          .getOut()
          .printf(
              "%s scales to %d instance(s); %d running now%n",
              app, scaled.path("scale").asInt(), scaled.path("instances").size());
    }
    return 0;
  }
}
