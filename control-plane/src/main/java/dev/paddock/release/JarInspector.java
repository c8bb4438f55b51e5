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
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Decides how a jar runs from its manifest, refusing anything the sandbox could not start, and
 * anything that is not an honest jar: entry names that climb out of where they would be unpacked,
 * or contents that inflate far beyond their size (a zip bomb), measured by inflating them. On the
 * way it counts the classes the jar holds, those of the jars nested in it included ({@code
 * BOOT-INF/lib}, {@code WEB-INF/lib}), from which the sandbox JVM's metaspace is sized.
 */
final class JarInspector {

  static final Attributes.Name HANDLER = new Attributes.Name("Paddock-Handler");
  static final int MAX_ENTRIES = 100_000;
  static final long MAX_INFLATED = 2L << 30;
  static final long RATIO_CHECKED_FROM = 16L << 20;
  static final int MAX_RATIO = 100;
  private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:");

  private JarInspector() {}

  /** How a jar runs and how many classes it holds. */
  record Inspection(Release.Kind kind, int classes) {}

  static Inspection inspect(Path jar) {
    Manifest manifest;
    int classes;
    try (JarFile file = new JarFile(jar.toFile())) {
      manifest = file.getManifest();
      classes = honest(file, Files.size(jar));
    } catch (IOException | SecurityException e) {
      throw new InvalidReleaseException("The upload is not a valid jar: " + e.getMessage());
    }
    Attributes main = manifest == null ? null : manifest.getMainAttributes();
    if (main != null && main.getValue(HANDLER) != null) {
      return new Inspection(Release.Kind.HANDLER, classes);
    }
    if (main != null && main.getValue(Attributes.Name.MAIN_CLASS) != null) {
      return new Inspection(Release.Kind.RUNNABLE, classes);
    }
    throw new InvalidReleaseException(
        "The jar's manifest names neither 'Paddock-Handler' (a handler class) nor 'Main-Class' (an app serving $PORT).");
  }

  /** Reads every entry, refusing a dishonest jar; returns the classes counted. */
  private static int honest(JarFile file, long size) throws IOException {
    Inflation inflation = new Inflation(size);
    int entries = 0;
    int classes = 0;
    for (Enumeration<JarEntry> all = file.entries(); all.hasMoreElements(); ) {
      JarEntry entry = all.nextElement();
      refuseIfDishonest(entry, ++entries);
      try (InputStream in = file.getInputStream(entry)) {
        if (entry.getName().endsWith(".class")) {
          classes++;
        }
        if (entry.getName().endsWith(".jar")) {
          classes += nestedClasses(in, inflation);
        } else {
          inflation.drain(in);
        }
      }
    }
    return classes;
  }

  private static void refuseIfDishonest(JarEntry entry, int entries) {
    if (entries > MAX_ENTRIES) {
      throw new InvalidReleaseException("The jar has more than %d entries.".formatted(MAX_ENTRIES));
    }
    if (!safe(entry.getName())) {
      throw new InvalidReleaseException(
          "The jar's entry '%s' would land outside the jar's own tree."
              .formatted(entry.getName().replace("\u0000", "\\0")));
    }
  }

  /**
   * The classes of a jar nested in the upload, read as a stream: its own entries inflate too, and
   * count against the same bounds. Not a valid jar inside is no error here: the JVM would only fail
   * to load from it.
   */
  private static int nestedClasses(InputStream in, Inflation inflation) throws IOException {
    int classes = 0;
    ZipInputStream nested = new ZipInputStream(in);
    try {
      for (ZipEntry entry; (entry = nested.getNextEntry()) != null; ) {
        if (entry.getName().endsWith(".class")) {
          classes++;
        }
        inflation.drain(nested);
      }
    } catch (ZipException e) {
      inflation.drain(in);
    }
    return classes;
  }

  /** The bytes the jar inflates to so far, refused past its bounds. */
  private static final class Inflation {
    private final byte[] buffer = new byte[64 * 1024];
    private final long size;
    private long inflated;

    Inflation(long size) {
      this.size = Math.max(size, 1);
    }

    void drain(InputStream in) throws IOException {
      for (int n; (n = in.read(buffer)) > 0; ) {
        inflated += n;
        if (inflated > MAX_INFLATED
            || inflated > RATIO_CHECKED_FROM && inflated / size > MAX_RATIO) {
          throw new InvalidReleaseException(
              "The jar inflates to more than %d times its size: refused as a zip bomb."
                  .formatted(MAX_RATIO));
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
