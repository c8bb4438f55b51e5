package dev.paddock.release;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Decides how a jar runs from its manifest, refusing anything the sandbox could not start. */
final class JarInspector {

  static final Attributes.Name HANDLER = new Attributes.Name("Paddock-Handler");

  private JarInspector() {}

  static Release.Kind kind(Path jar) {
    Manifest manifest;
    try (JarFile file = new JarFile(jar.toFile())) {
      manifest = file.getManifest();
    } catch (IOException e) {
      throw new InvalidReleaseException("The upload is not a valid jar: " + e.getMessage());
    }
    Attributes main = manifest == null ? null : manifest.getMainAttributes();
    if (main != null && main.getValue(HANDLER) != null) {
      return Release.Kind.HANDLER;
    }
    if (main != null && main.getValue(Attributes.Name.MAIN_CLASS) != null) {
      return Release.Kind.RUNNABLE;
    }
    throw new InvalidReleaseException(
        "The jar's manifest names neither 'Paddock-Handler' (a handler class) nor 'Main-Class' (an app serving $PORT).");
  }
}
