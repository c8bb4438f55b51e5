package dev.paddock.sandbox.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * A Spring Boot executable jar laid out the way Spring Boot's own {@code java -Djarmode=tools -jar
 * app.jar extract} lays it out: the application's classes in {@code app.jar}, whose manifest names
 * the start class and lists the libraries, each a plain jar in {@code lib/}, in the order of the
 * jar's class-path index. The JVM runs that with {@code java -jar} as it runs the fat jar, with the
 * same manifest attributes, but loads every class with its own class loaders: the only classes an
 * AOT cache holds. From the fat jar, Spring Boot's loader reads the nested jars itself, and a
 * release's cache left all of them out.
 *
 * <p>Nothing of the tenant's runs here: the jar is read as data (it was checked at upload: entry
 * names that stay in its tree, bounded inflation), and a library's name is taken only if it is a
 * plain file name. A jar that is not such an executable jar, or whose index is not as Spring Boot
 * writes it, stays as it was uploaded.
 */
final class SpringBootLayout {

  /** The launchers of Spring Boot 3.2 and later, and of earlier versions. */
  private static final Set<String> LAUNCHERS =
      Set.of(
          "org.springframework.boot.loader.launch.JarLauncher",
          "org.springframework.boot.loader.JarLauncher");

  /** What Spring Boot's own extraction leaves out of the manifest. */
  private static final List<String> SPRING_BOOT_ONLY =
      List.of(
          "Start-Class",
          "Spring-Boot-Classes",
          "Spring-Boot-Lib",
          "Spring-Boot-Classpath-Index",
          "Spring-Boot-Layers-Index");

  private static final Pattern LIBRARY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}\\.jar");
  private static final Pattern INDEX_LINE = Pattern.compile("- \"([^\"]+)\"");
  private static final int MAX_INDEX = 1 << 20;
  private static final Pattern SIGNATURE =
      Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)", Pattern.CASE_INSENSITIVE);

  private SpringBootLayout() {}

  /**
   * Writes the jar's extracted layout into {@code into} ({@code app.jar} and {@code lib/}) if it is
   * a Spring Boot executable jar; otherwise writes nothing and says so.
   */
  static boolean extract(Path jar, Path into) throws IOException {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Optional<Structure> structure = Structure.of(file);
      if (structure.isEmpty()) {
        return false;
      }
      Structure boot = structure.get();
      Path lib = Files.createDirectories(into.resolve("lib"));
      List<String> classPath = new ArrayList<>();
      for (String library : boot.libraries()) {
        try (InputStream in = file.getInputStream(file.getJarEntry(boot.lib() + library))) {
          Files.copy(in, lib.resolve(library));
        }
        classPath.add("lib/" + library);
      }
      Manifest manifest = new Manifest(file.getManifest());
      Attributes main = manifest.getMainAttributes();
      SPRING_BOOT_ONLY.forEach(name -> main.remove(new Attributes.Name(name)));
      main.put(Attributes.Name.MAIN_CLASS, boot.startClass());
      main.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
      writeApplication(file, boot.classes(), manifest, into.resolve("app.jar"));
      return true;
    }
  }

  /**
   * The entries under the classes' directory, directories too (class-path scanning needs them),
   * each name once, and the manifest only as made here: no signature files, which would not match
   * the new jar's manifest and stop the JVM at its first class.
   */
  private static void writeApplication(JarFile file, String classes, Manifest manifest, Path to)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(to);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      Set<String> written = new HashSet<>(Set.of("", JarFile.MANIFEST_NAME));
      for (Enumeration<JarEntry> all = file.entries(); all.hasMoreElements(); ) {
        JarEntry entry = all.nextElement();
        String name = entry.getName();
        if (!name.startsWith(classes)) {
          continue;
        }
        String inApp = name.substring(classes.length());
        if (inApp.equalsIgnoreCase(JarFile.MANIFEST_NAME)
            || SIGNATURE.matcher(inApp).matches()
            || !written.add(inApp)) {
          continue;
        }
        JarEntry copy = new JarEntry(inApp);
        copy.setTime(entry.getTime());
        jar.putNextEntry(copy);
        try (InputStream in = file.getInputStream(entry)) {
          in.transferTo(jar);
        }
        jar.closeEntry();
      }
    }
  }

  /** Where a Spring Boot jar keeps its parts, and its libraries in class-path order. */
  private record Structure(String startClass, String classes, String lib, List<String> libraries) {

    static Optional<Structure> of(JarFile file) throws IOException {
      Manifest manifest = file.getManifest();
      if (manifest == null) {
        return Optional.empty();
      }
      Attributes main = manifest.getMainAttributes();
      String startClass = main.getValue("Start-Class");
      String classes = directory(main.getValue("Spring-Boot-Classes"));
      String lib = directory(main.getValue("Spring-Boot-Lib"));
      String index = main.getValue("Spring-Boot-Classpath-Index");
      if (!LAUNCHERS.contains(main.getValue(Attributes.Name.MAIN_CLASS))
          || startClass == null
          || classes == null
          || lib == null
          || index == null
          || file.getJarEntry(index) == null) {
        return Optional.empty();
      }
      return libraries(file, index, lib)
          .map(libraries -> new Structure(startClass.strip(), classes, lib, libraries));
    }

    /**
     * The index's libraries in its order, then any other jar in the library directory (Spring
     * Boot's launcher puts those on the class path too); empty if a name is not a plain file name
     * or a listed library is missing.
     */
    private static Optional<List<String>> libraries(JarFile file, String index, String lib)
        throws IOException {
      byte[] bytes;
      try (InputStream in = file.getInputStream(file.getJarEntry(index))) {
        bytes = in.readNBytes(MAX_INDEX + 1);
      }
      if (bytes.length > MAX_INDEX) {
        return Optional.empty();
      }
      Set<String> libraries = new LinkedHashSet<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
        if (line.isBlank()) {
          continue;
        }
        var listed = INDEX_LINE.matcher(line.strip());
        if (!listed.matches() || !listed.group(1).startsWith(lib)) {
          return Optional.empty();
        }
        libraries.add(listed.group(1).substring(lib.length()));
      }
      for (Enumeration<JarEntry> all = file.entries(); all.hasMoreElements(); ) {
        String name = all.nextElement().getName();
        if (name.startsWith(lib) && name.endsWith(".jar")) {
          libraries.add(name.substring(lib.length()));
        }
      }
      for (String library : libraries) {
        if (!LIBRARY.matcher(library).matches() || file.getJarEntry(lib + library) == null) {
          return Optional.empty();
        }
      }
      return Optional.of(List.copyOf(libraries));
    }

    private static String directory(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      String stripped = value.strip();
      return stripped.endsWith("/") ? stripped : stripped + "/";
    }
  }
}
