package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
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

/** The tenant's API tokens, for its owners: list, mint, revoke. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "List the tenant's tokens (never a token itself), revoked ones included.",
    subcommands = {TokensCommand.Create.class, TokensCommand.Revoke.class},
    footer = {
      "",
      "Examples:",
      "  paddock tokens",
      "  paddock tokens create ci --role developer --expires-in P30D",
      "  paddock tokens revoke ci"
    })
class TokensCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  static String tokens(Client client) {
    return "api/v1/tenants/" + client.context().tenant() + "/tokens";
  }

  @Override
  public Integer call() {
    Client client = target.client();
    output.list(
        spec.commandLine().getOut(),
        client.get(tokens(client)),
        List.of("NAME", "ROLE", "CREATED", "EXPIRES", "LAST USED", "REVOKED"),
        token ->
            List.of(
                token.path("name").asString(),
                token.path("role").asString(),
                Output.text(token, "createdAt"),
                Output.text(token, "expiresAt"),
                Output.text(token, "lastUsedAt"),
                Output.text(token, "revokedAt")));
    return 0;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Mint a token; it is printed once and never shown again.",
      footer = {"", "Example:", "  paddock tokens create ci --role developer --expires-in P30D"})
  static class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Output output;

    @Parameters(paramLabel = "NAME", description = "Unique in the tenant, 1-64 characters.")
    String name;

    @Option(
        names = "--role",
        defaultValue = "developer",
        description = "owner, developer or viewer (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(
        names = "--expires-in",
        paramLabel = "DURATION",
        description = "ISO-8601, such as P30D or PT12H; never expires when left out.")
    String expiresIn;

    @Override
    public Integer call() {
      Client client = target.client();
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("name", name);
      request.put("role", role);
      request.put("expiresIn", expiresIn);
      JsonNode minted = client.post(tokens(client), request);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedJson(out, minted)) {
        // The token alone on stdout, so that TOKEN=$(paddock tokens create ci) works.
        out.println(minted.path("token").asString());
        spec.commandLine()
            .getErr()
            .printf(
                "Minted %s (%s, expires %s): keep it now, it is not shown again%n",
                name, minted.path("role").asString(), Output.text(minted, "expiresAt"));
      }
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a token at once: its next call is refused.",
      footer = {"", "Example:", "  paddock tokens revoke ci"})
  static class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      Client client = target.client();
      client.delete(tokens(client) + "/" + name);
      spec.commandLine().getOut().printf("Revoked %s%n", name);
      return 0;
    }
  }
}
