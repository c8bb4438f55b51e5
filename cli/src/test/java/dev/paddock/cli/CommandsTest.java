package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandsTest {

  private static List<CommandLine> all(CommandLine command) {
    List<CommandLine> all = new ArrayList<>(List.of(command));
    command.getSubcommands().values().forEach(sub -> all.addAll(all(sub)));
    return all;
  }

  @Test
  void everyCommandsHelpCarriesAnExample() {
    for (CommandLine command : all(new CommandLine(new PaddockCli()))) {
      if (command.getCommandName().equals("help")) {
        continue;
      }
      assertThat(command.getUsageMessage())
          .as(command.getCommandSpec().qualifiedName())
          .contains("Example")
          .contains("paddock ");
    }
  }

  @Test
  void completionForBashAndZshKnowsTheCommandsAndTheirOptions() {
    for (String shell : List.of("bash", "zsh")) {
      StringWriter script = new StringWriter();
      int exit =
          new CommandLine(new PaddockCli())
              .setOut(new PrintWriter(script))
              .execute("completion", shell);

      assertThat(exit).isZero();
      assertThat(script.toString())
          .contains("complete -F _complete_paddock", "releases", "--memory", "ZSH_VERSION");
    }
  }

  @Test
  void anUnknownShellIsAUsageError() {
    assertThat(PaddockCli.run("completion", "fish")).isEqualTo(PaddockCli.USAGE);
  }

  @Test
  void aDomainActionWithoutAHostIsAUsageError() {
    assertThat(PaddockCli.run("domains", "hello", "add")).isEqualTo(PaddockCli.USAGE);
  }
}
