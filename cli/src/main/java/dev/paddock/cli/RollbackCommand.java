package dev.paddock.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Rolls an app back to an earlier release and follows the rollout. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = "Roll the app back to an earlier release and print each step.",
    footer = {"", "Example:", "  paddock rollback hello 1"})
class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;

  @Parameters(index = "0", paramLabel = "APP")
  String app;

  @Parameters(index = "1", paramLabel = "VERSION", description = "The release, as 3 or v3.")
  String version;

  @Override
  public Integer call() {
    int release;
    try {
      release = Integer.parseInt(version.startsWith("v") ? version.substring(1) : version);
    } catch (NumberFormatException e) {
      throw new UsageException("VERSION is a release number such as 3, not '" + version + "'");
    }
    Client client = target.client();
    var deploy = client.post(client.app(app) + "/rollback", Map.of("release", release));
    return new Rollouts(client, spec.commandLine().getOut(), spec.commandLine().getErr())
        .follow(app, deploy);
  }
}
