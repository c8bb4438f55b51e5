package dev.paddock.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** Checks a token against a control plane and saves it as a named context. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = "Save a control plane's URL and token as a context, and make it the current one.",
    footer = {
      "",
      "Example:",
      "  paddock login --url https://paddock.example.com --token $TOKEN --tenant acme --context prod"
    })
class LoginCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--url", required = true, description = "The control plane's base URL.")
  String url;

  @Option(names = "--token", required = true, description = "A token minted for the tenant.")
  String token;

  @Option(
      names = "--tenant",
      paramLabel = "NAME",
      description = "The tenant to manage (default: the token's only tenant).")
  String tenant;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      defaultValue = "default",
      description = "The name to save it under (default: ${DEFAULT-VALUE}).")
  String context;

  @Override
  public Integer call() {
    JsonNode me = new Client(new Config.Context(url, token, tenant)).get("api/v1/me");
    String chosen = tenant;
    if (chosen == null && me.path("tenants").size() == 1) {
      chosen = me.path("tenants").get(0).path("tenant").asString();
    }
    Config.load().with(context, new Config.Context(url, token, chosen)).save();
    spec.commandLine()
        .getOut()
        .printf(
            "Logged in to %s as %s%s (context %s)%n",
            url, me.path("name").asString(), chosen == null ? "" : ", tenant " + chosen, context);
    return 0;
  }
}
