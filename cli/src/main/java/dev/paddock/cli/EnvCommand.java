package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The app's environment variables; a change rolls out a new release of the live jar. */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    description = "List, set or unset the app's environment variables.",
    subcommands = {EnvCommand.List_.class, EnvCommand.Set.class, EnvCommand.Unset.class},
    footer = {
      "",
      "Examples:",
      "  paddock env set hello GREETING=hej MODE=prod",
      "  paddock env list hello"
    })
class EnvCommand {

  static Map<String, String> current(Client client, String app) {
    Map<String, String> env = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : client.get(client.app(app) + "/env").properties()) {
      env.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asString());
    }
    return env;
  }

  /** Writes the whole environment; follows the rollout it starts, if any. */
  static int write(Client client, String app, Map<String, String> env, CommandSpec spec) {
    JsonNode change = client.put(client.app(app) + "/env", env);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Environment of %s changed%n", app);
    out.flush();
    if (!change.path("deploy").isObject()) {
      return 0;
    }
    return new Rollouts(client, out, spec.commandLine().getErr())
        .follow(app, change.path("deploy"));
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print the app's variables as KEY=VALUE (names alone for a viewer).",
      footer = {"", "Example:", "  paddock env list hello"})
  static class List_ implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "APP")
    String app;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      current(target.client(), app)
          .forEach((key, value) -> out.println(value == null ? key : key + "=" + value));
      return 0;
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Set variables; the live release rolls out again with them.",
      footer = {"", "Example:", "  paddock env set hello GREETING=hej"})
  static class Set implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE")
    List<String> pairs;

    @Override
    public Integer call() {
      Client client = target.client();
      Map<String, String> env = current(client, app);
      for (String pair : pairs) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
          throw new UsageException("'" + pair + "' is not KEY=VALUE");
        }
        env.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
      return write(client, app, env, spec);
    }
  }

  @Command(
      name = "unset",
      mixinStandardHelpOptions = true,
      description = "Remove variables; the live release rolls out again without them.",
      footer = {"", "Example:", "  paddock env unset hello GREETING"})
  static class Unset implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY")
    List<String> keys;

    @Override
    public Integer call() {
      Client client = target.client();
      Map<String, String> env = current(client, app);
      keys.forEach(env::remove);
      return write(client, app, env, spec);
    }
  }
}
