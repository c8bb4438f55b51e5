package dev.paddock.agent;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The Java agent a runnable jar starts with, {@code java -javaagent:/opt/paddock/agent.jar -jar
 * /app/app.jar}, so that the JVM runs the app exactly as {@code java -jar} does (system class
 * loader, manifest attributes, Spring Boot's nested jars) while the sandbox runner serves beside
 * it.
 *
 * <p>This class is all of Paddock that lands on the app's class path. It loads the runner from its
 * own jar (the agent's argument, {@code /opt/paddock/runner.jar} without one) in a class loader
 * under the platform loader, so neither the runner's classes nor its Jetty ever meet the app's, and
 * hands it the main thread, on which the app's {@code main} runs once {@code premain} returns.
 */
public final class RunnerAgent {

  static final String RUNNER_JAR = "/opt/paddock/runner.jar";
  static final String RUNNER_CLASS = "dev.paddock.runner.SandboxRunner";

  private RunnerAgent() {}

  /** Starts the runner and returns at once; the runner exits the JVM if it cannot start. */
  public static void premain(String args) throws ReflectiveOperationException {
    Path jar = Path.of(args == null || args.isBlank() ? RUNNER_JAR : args);
    ClassLoader runner = new URLClassLoader("paddock-runner", new URL[] {url(jar)}, platform());
    Thread main = Thread.currentThread();
    ClassLoader app = main.getContextClassLoader();
    // The runner's threads inherit the loader they look up services in; the app's main gets its
    // own loader back.
    main.setContextClassLoader(runner);
    try {
      Class.forName(RUNNER_CLASS, true, runner)
          .getMethod("besideApp", Thread.class)
          .invoke(null, main);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      main.setContextClassLoader(app);
    }
  }

  private static ClassLoader platform() {
    return ClassLoader.getPlatformClassLoader();
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a runner jar path: " + jar, e);
    }
  }
}
