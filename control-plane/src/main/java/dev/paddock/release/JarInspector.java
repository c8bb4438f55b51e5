package dev.paddock.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Decides how a jar runs from its manifest, refusing anything the sandbox could not start, and
 * anything that is not an honest jar: entry names that climb out of where they would be unpacked,
 * or contents that inflate far beyond their size (a zip bomb), measured by inflating them.
 */
final class JarInspector {

  static final Attributes.Name HANDLER = new Attributes.Name("Paddock-Handler");
  static final int MAX_ENTRIES = 100_000;
  static final long MAX_INFLATED = 2L << 30;
  static final long RATIO_CHECKED_FROM = 16L << 20;
  static final int MAX_RATIO = 100;
  private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:");

  private JarInspector() {}

  static Release.Kind kind(Path jar) {
    Manifest manifest;
    try (JarFile file = new JarFile(jar.toFile())) {
      manifest = file.getManifest();
      honest(file, Files.size(jar));
    } catch (IOException | SecurityException e) {
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

  private static void honest(JarFile file, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long inflated = 0;
    int entries = 0;
    for (Enumeration<JarEntry> all = file.entries(); all.hasMoreElements(); ) {
      JarEntry entry = all.nextElement();
      if (++entries > MAX_ENTRIES) {
        throw new InvalidReleaseException(
            "The jar has more than %d entries.".formatted(MAX_ENTRIES));
      }
      if (!safe(entry.getName())) {
        throw new InvalidReleaseException(
            "The jar's entry '%s' would land outside the jar's own tree."
                .formatted(entry.getName().replace("\u0000", "\\0")));
      }
      try (InputStream in = file.getInputStream(entry)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          inflated += n;
          if (inflated > MAX_INFLATED
              || inflated > RATIO_CHECKED_FROM && inflated / Math.max(size, 1) > MAX_RATIO) {
            throw new InvalidReleaseException(
                "The jar inflates to more than %d times its size: refused as a zip bomb."
                    .formatted(MAX_RATIO));
          }
        }
      }
    }
  }

  /** A relative name that never climbs above the root: no {@code ..}, no drive, no backslash. */
  static boolean safe(String name) {
    if (name.isEmpty()
        || name.startsWith("/")
        || name.indexOf('\\') >= 0
        || DRIVE.matcher(name).lookingAt()
        || name.indexOf('\u0000') >= 0) {
      return false;
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
