package dev.paddock.sandbox;

import java.util.List;

/**
 * What a sandbox's JVM runs, by the release's kind: the arguments that follow the sandbox image's
 * {@code java} entrypoint, which keeps the JVM options every sandbox shares. Every driver starts
 * its sandboxes with these.
 */
public final class SandboxCommand {

  /** Where every sandbox finds the release's jar. */
  public static final String APP_JAR = "/app/app.jar";

  /** The runner: serves handler jars, and is loaded by the agent beside runnable ones. */
  public static final String RUNNER_JAR = "/opt/paddock/runner.jar";

  /**
   * A handler jar: the runner serves it with its own HTTP server, its classes from the image's AOT
   * cache.
   */
  static final List<String> HANDLER =
      List.of("-XX:AOTCache=/opt/paddock/runner.aot", "-jar", RUNNER_JAR, APP_JAR);

  /**
   * A runnable jar: the JVM runs it exactly as {@code java -jar} would (system class loader,
   * manifest attributes, Spring Boot's nested jars), and the agent starts the runner beside it. No
   * AOT cache: the JVM refuses the runner's for another class path and an agent.
   */
  static final List<String> RUNNABLE =
      List.of("-javaagent:/opt/paddock/agent.jar", "-jar", APP_JAR);

  private SandboxCommand() {}

  /** The arguments for the sandbox's {@code java}. */
  public static List<String> of(SandboxSpec spec) {
    return spec.handler() ? HANDLER : RUNNABLE;
  }
}
