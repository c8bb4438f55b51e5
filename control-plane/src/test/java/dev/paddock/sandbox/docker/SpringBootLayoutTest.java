package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringBootLayoutTest {

  private static final String INDEX =
      "- \"BOOT-INF/lib/web-2.0.jar\"\n- \"BOOT-INF/lib/core-1.0.jar\"\n";

  @TempDir Path dir;

  @Test
  void aSpringBootJarIsLaidOutAsSpringBootsOwnExtractionDoes() throws IOException {
    Path jar = boot(INDEX, "BOOT-INF/lib/web-2.0.jar", "BOOT-INF/lib/core-1.0.jar");
    Path app = Files.createDirectory(dir.resolve("app"));

    assertThat(SpringBootLayout.extract(jar, app)).isTrue();

    try (Stream<Path> lib = Files.list(app.resolve("lib"))) {
      assertThat(lib.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("web-2.0.jar", "core-1.0.jar");
    }
    assertThat(app.resolve("lib/web-2.0.jar")).hasContent("BOOT-INF/lib/web-2.0.jar");
    try (JarFile extracted = new JarFile(app.resolve("app.jar").toFile())) {
      Attributes main = extracted.getManifest().getMainAttributes();
      assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("dev.example.App");
      assertThat(main.getValue(Attributes.Name.CLASS_PATH))
          .as("the index's order")
          .isEqualTo("lib/web-2.0.jar lib/core-1.0.jar");
      assertThat(main.getValue("Add-Opens")).isEqualTo("java.base/java.lang");
      assertThat(main.getValue("Start-Class")).isNull();
      assertThat(main.getValue("Spring-Boot-Lib")).isNull();
      assertThat(names(extracted))
          .containsExactly(
              "META-INF/MANIFEST.MF",
              "dev/",
              "dev/example/",
              "dev/example/App.class",
              "application.properties");
      assertThat(
              new String(
                  extracted
                      .getInputStream(extracted.getEntry("application.properties"))
                      .readAllBytes(),
                  StandardCharsets.UTF_8))
          .isEqualTo("BOOT-INF/classes/application.properties");
    }
  }

  @Test
  void aLibraryTheIndexLeavesOutStillComesLast() throws IOException {
    Path jar =
        boot(
            INDEX,
            "BOOT-INF/lib/web-2.0.jar",
            "BOOT-INF/lib/extra.jar",
            "BOOT-INF/lib/core-1.0.jar");
    Path app = Files.createDirectory(dir.resolve("app"));

    assertThat(SpringBootLayout.extract(jar, app)).isTrue();
    try (JarFile extracted = new JarFile(app.resolve("app.jar").toFile())) {
      assertThat(extracted.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH))
          .isEqualTo("lib/web-2.0.jar lib/core-1.0.jar lib/extra.jar");
    }
  }

  @Test
  void anIndexThatNamesAnythingButAPlainLibraryLeavesTheJarAsItIs() throws IOException {
    for (String index :
        List.of(
            "- \"BOOT-INF/lib/../../../../etc/cron.d/x.jar\"\n",
            "- \"BOOT-INF/lib/sub/dir.jar\"\n",
            "- \"BOOT-INF/lib/with space.jar\"\n",
            "- \"BOOT-INF/lib/missing.jar\"\n",
            "- \"elsewhere/core-1.0.jar\"\n",
            "core-1.0.jar\n")) {
      Path jar = boot(index, "BOOT-INF/lib/core-1.0.jar");
      Path app = Files.createDirectories(dir.resolve("app-" + index.hashCode()));

      assertThat(SpringBootLayout.extract(jar, app)).as(index).isFalse();
      try (Stream<Path> written = Files.list(app)) {
        assertThat(written).as(index).isEmpty();
      }
    }
  }

  @Test
  void aJarWithoutSpringBootsLauncherIsLeftAsItIs() throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.example.App");
    Path jar = dir.resolve("plain.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, manifest)) {
      zip.putNextEntry(new JarEntry("dev/example/App.class"));
    }

    assertThat(SpringBootLayout.extract(jar, dir)).isFalse();
  }

  /** A Spring Boot jar with {@code index} as its class-path index and {@code libraries}. */
  private Path boot(String index, String... libraries) throws IOException {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
    main.putValue("Start-Class", "dev.example.App");
    main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
    main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
    main.putValue("Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
    main.putValue("Add-Opens", "java.base/java.lang");
    List<String> entries =
        new ArrayList<>(
            List.of(
                "org/springframework/boot/loader/launch/JarLauncher.class",
                "BOOT-INF/classes/",
                "BOOT-INF/classes/dev/",
                "BOOT-INF/classes/dev/example/",
                "BOOT-INF/classes/dev/example/App.class",
                "BOOT-INF/classes/application.properties",
                "BOOT-INF/classes/META-INF/MANIFEST.MF",
                "BOOT-INF/classes/META-INF/SIGNER.SF"));
    Collections.addAll(entries, libraries);
    Path jar = Files.createTempFile(dir, "boot", ".jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, manifest)) {
      for (String entry : entries) {
        zip.putNextEntry(new JarEntry(entry));
        if (!entry.endsWith("/")) {
          zip.write(entry.getBytes(StandardCharsets.UTF_8));
        }
      }
      zip.putNextEntry(new JarEntry("BOOT-INF/classpath.idx"));
      zip.write(index.getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  private static List<String> names(JarFile jar) {
    return jar.stream().map(JarEntry::getName).toList();
  }
}
