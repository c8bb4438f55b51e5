package dev.paddock.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** How a tenant's jar wants to be run, as its manifest says. */
sealed interface AppJar {

  /** The manifest attribute naming a {@code dev.paddock.handler.Handler} implementation. */
  String HANDLER_ATTRIBUTE = "Paddock-Handler";

  Path path();

  /** A jar whose handler class the runner instantiates and serves with its own HTTP server. */
  record HandlerJar(Path path, String handlerClass) implements AppJar {}

  /** A jar that serves HTTP itself from its {@code Main-Class} on the port in {@code PORT}. */
  record RunnableJar(Path path) implements AppJar {}

  /**
   * Reads the jar's manifest; {@code Paddock-Handler} wins over {@code Main-Class}, since a handler
   * jar may carry a main class for local runs of its own.
   *
   * @throws NotLaunchableException if the jar cannot be read or names neither
   */
  static AppJar inspect(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new NotLaunchableException("there is no app jar at " + jar);
    }
    Attributes attributes;
    try (JarFile file = new JarFile(jar.toFile())) {
      attributes =
          Optional.ofNullable(file.getManifest())
              .map(m -> m.getMainAttributes())
              .orElseGet(Attributes::new);
    } catch (IOException e) {
      throw new NotLaunchableException("cannot read the app jar " + jar + ": " + e.getMessage());
    }
    String handler = attributes.getValue(HANDLER_ATTRIBUTE);
    if (handler != null && !handler.isBlank()) {
      return new HandlerJar(jar, handler.strip());
    }
    String main = attributes.getValue(Attributes.Name.MAIN_CLASS);
    if (main != null && !main.isBlank()) {
      return new RunnableJar(jar);
    }
    throw new NotLaunchableException(
        "the app jar "
            + jar
            + " has neither a Paddock-Handler nor a Main-Class attribute in its manifest;"
            + " add one of them (see the handler and runnable examples)");
  }

  /** The jar given to the sandbox cannot be started at all; the runner exits with status 2. */
  final class NotLaunchableException extends RuntimeException {
    NotLaunchableException(String message) {
      super(message);
    }
  }
}
