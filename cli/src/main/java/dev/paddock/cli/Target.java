package dev.paddock.cli;

import picocli.CommandLine.Option;

/** Which saved context a command talks to: {@code --context NAME}, else the current one. */
class Target {

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The saved context to use (default: the last one logged in to).")
  String context;

  /** A client for the context's tenant; a usage error when it has none. */
  Client client() {
    return new Client(Config.load().context(context));
  }

  /** A client for calls outside any tenant (the admin's, {@code /me}). */
  Client platform() {
    return new Client(Config.load().anyContext(context));
  }
}
