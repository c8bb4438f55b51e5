package dev.paddock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The tenant's command line: {@code java -jar paddock-cli.jar <command>}. */
@Command(
    name = "paddock",
    mixinStandardHelpOptions = true,
    version = "paddock 0.1.0",
    description = "Manage apps on a Paddock control plane.",
    subcommands = {
      LoginCommand.class,
      WhoamiCommand.class,
      AppsCommand.class,
      DeployCommand.class,
      LogsCommand.class,
      EnvCommand.class,
      RollbackCommand.class,
      RestartCommand.class,
      DiagCommand.class,
      ReleasesCommand.class,
      ScaleCommand.class,
      IdleCommand.class,
      LimitsCommand.class,
      DomainsCommand.class,
      EventsCommand.class,
      MetricsCommand.class,
      TokensCommand.class,
      MembersCommand.class,
      UsersCommand.class,
      TenantsCommand.class,
      ContextCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  paddock login --url https://paddock.example.com --token $TOKEN",
      "  paddock login --url https://paddock.example.com --user alice --context prod",
      "  source <(paddock completion bash)"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:the API refused, or the deploy failed", "2:usage"})
public class PaddockCli {

  /** Exit code of a refusal by the API or a failed rollout. */
  static final int REFUSED = 1;

  /** Exit code of a command used wrongly. */
  static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new PaddockCli())
        .setExecutionExceptionHandler(PaddockCli::failed)
        .execute(args);
  }

  private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    command.getErr().println("error: " + e.getMessage());
    return switch (e) {
      case UsageException usage -> USAGE;
      default -> REFUSED;
    };
  }
}
