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

/** The platform's users, for the admin: list, create (password from the terminal), delete. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "List the platform's users (admin only).",
    subcommands = {UsersCommand.Create.class, UsersCommand.Delete.class},
    footer = {
      "",
      "Examples:",
      "  paddock users",
      "  paddock users create alice            # asks for the password",
      "  printf '%%s\\n' \"$PW\" | paddock users create ci-bot",
      "  paddock users delete alice --yes"
    })
class UsersCommand implements Callable<Integer> {

  static final String USERS = "api/v1/users";

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Override
  public Integer call() {
    output.list(
        spec.commandLine().getOut(),
        target.platform().get(USERS),
        List.of("NAME", "ADMIN", "CREATED"),
        user ->
            List.of(
                user.path("name").asString(),
                user.path("admin").asBoolean() ? "yes" : "no",
                Output.text(user, "createdAt")));
    return 0;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a user; the password is read from the terminal, or stdin's first line.",
      footer = {"", "Example:", "  paddock users create alice && paddock members add alice"})
  static class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "NAME", description = "A plain name or an e-mail address.")
    String name;

    @Option(names = "--admin", description = "With the platform admin's rights.")
    boolean admin;

    @Override
    public Integer call() {
      Client client = target.platform();
      String password = Terminal.secret("Password for " + name + ": ");
      JsonNode user =
          client.post(USERS, Map.of("name", name, "password", password, "admin", admin));
      spec.commandLine()
          .getOut()
          .printf(
              "Created user %s%s%n",
              user.path("name").asString(), user.path("admin").asBoolean() ? " (admin)" : "");
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a user; their sessions stop working at once.",
      footer = {"", "Example:", "  paddock users delete alice --yes"})
  static class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--yes", description = "Do not ask; required when not on a terminal.")
    boolean yes;

    @Override
    public Integer call() {
      if (!Terminal.confirmed(yes, "Delete user %s?".formatted(name), spec)) {
        return 0;
      }
      target.platform().delete(USERS + "/" + name);
      spec.commandLine().getOut().printf("Deleted user %s%n", name);
      return 0;
    }
  }
}
