package dev.paddock.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a completion script for bash or zsh, generated from the commands themselves. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash or zsh completion script for paddock's commands and options.",
      "Load it from the shell's start-up file; it completes the name paddock (an alias works)."
    },
    footer = {
      "",
      "Examples:",
      "  source <(paddock completion bash)        # in ~/.bashrc",
      "  source <(paddock completion zsh)         # in ~/.zshrc"
    })
class CompletionCommand implements Callable<Integer> {

  /** The shells whose completion is generated. */
  enum Shell {
    bash,
    zsh
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("paddock", new CommandLine(new PaddockCli()));
    // One script serves both: under zsh it loads zsh's bash completion layer itself.
    var out = spec.commandLine().getOut();
    out.print(script);
    out.flush();
    return 0;
  }
}
