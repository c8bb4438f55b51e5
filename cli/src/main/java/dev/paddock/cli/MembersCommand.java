package dev.paddock.cli;

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

/** Who belongs to the tenant with which role; its owners decide. */
@Command(
    name = "members",
    mixinStandardHelpOptions = true,
    description = "List the tenant's members and their roles (for its owners).",
    subcommands = {MembersCommand.Add.class, MembersCommand.Remove.class},
    footer = {
      "",
      "Examples:",
      "  paddock members",
      "  paddock members add alice --role developer",
      "  paddock members remove alice"
    })
class MembersCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  static String members(Client client) {
    return "api/v1/tenants/" + client.context().tenant() + "/members";
  }

  @Override
  public Integer call() {
    Client client = target.client();
    output.list(
        spec.commandLine().getOut(),
        client.get(members(client)),
        List.of("USER", "ROLE"),
        member -> List.of(member.path("user").asString(), member.path("role").asString()));
    return 0;
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a user to the tenant with a role, or change their role.",
      footer = {"", "Example:", "  paddock members add alice --role viewer"})
  static class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "USER")
    String user;

    @Option(
        names = "--role",
        defaultValue = "developer",
        description = "owner, developer or viewer (default: ${DEFAULT-VALUE}).")
    String role;

    @Override
    public Integer call() {
      Client client = target.client();
      JsonNode member = client.put(members(client) + "/" + user, Map.of("role", role));
      spec.commandLine()
          .getOut()
          .printf(
              "%s is %s of %s%n", user, member.path("role").asString(), client.context().tenant());
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Take a user out of the tenant.",
      footer = {"", "Example:", "  paddock members remove alice"})
  static class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "USER")
    String user;

    @Override
    public Integer call() {
      Client client = target.client();
      client.delete(members(client) + "/" + user);
      spec.commandLine().getOut().printf("Removed %s from %s%n", user, client.context().tenant());
      return 0;
    }
  }
}
