package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** Who the current token is, and in which tenants with which role. */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description = "Show who the saved token is and its tenants.",
    footer = {"", "Example:", "  paddock whoami --context prod"})
class WhoamiCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;

  @Override
  public Integer call() {
    Client client = target.platform();
    Config.Context context = client.context();
    JsonNode me = client.get("api/v1/me");
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "%s%s at %s%n",
        me.path("name").asString(), me.path("admin").asBoolean() ? " (admin)" : "", context.url());
    for (JsonNode membership : me.path("tenants")) {
      out.printf(
          "  %s: %s%n", membership.path("tenant").asString(), membership.path("role").asString());
    }
    return 0;
  }
}
