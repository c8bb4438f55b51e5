package dev.paddock.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Replaces the app's instances with fresh ones of the live release, one at a time. */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description = "Restart the app's live release with new instances and print each step.",
    footer = {"", "Example:", "  paddock restart hello"})
class RestartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;

  @Parameters(paramLabel = "APP")
  String app;

  @Override
  public Integer call() {
    Client client = target.client();
    var deploy = client.post(client.app(app) + "/restart", Map.of());
    return new Rollouts(client, spec.commandLine().getOut(), spec.commandLine().getErr())
        .follow(app, deploy);
  }
}
