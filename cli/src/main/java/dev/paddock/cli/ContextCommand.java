package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The saved control planes: which there are and which one commands talk to. */
@Command(
    name = "context",
    mixinStandardHelpOptions = true,
    description = "List the saved contexts (control planes), or choose the current one.",
    subcommands = {ContextCommand.List_.class, ContextCommand.Use.class},
    footer = {
      "",
      "Examples:",
      "  paddock login --url https://paddock.example.com --user alice --context prod",
      "  paddock context list",
      "  paddock context use prod"
    })
class ContextCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the saved contexts; the current one is marked with *.",
      footer = {"", "Example:", "  paddock context list"})
  static class List_ implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Config config = Config.load();
      List<List<String>> rows = new ArrayList<>();
      config
          .contexts()
          .forEach(
              (name, context) ->
                  rows.add(
                      List.of(
                          name.equals(config.current()) ? "*" : "",
                          name,
                          context.url(),
                          context.tenant() == null ? "-" : context.tenant(),
                          context.auth())));
      PrintWriter out = spec.commandLine().getOut();
      if (rows.isEmpty()) {
        out.printf("No contexts in %s: run paddock login%n", Config.path());
        out.flush();
        return 0;
      }
      Terminal.table(out, List.of("", "NAME", "URL", "TENANT", "AUTH"), rows);
      return 0;
    }
  }

  @Command(
      name = "use",
      mixinStandardHelpOptions = true,
      description = "Make a saved context the current one.",
      footer = {"", "Example:", "  paddock context use prod"})
  static class Use implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      Config.load().use(name).save();
      spec.commandLine().getOut().printf("Now using context %s%n", name);
      return 0;
    }
  }
}
