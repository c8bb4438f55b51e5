package dev.paddock.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarInspectorTest {

  @TempDir Path dir;

  @Test
  void anHonestHandlerJarIsAHandler() throws IOException {
    assertThat(JarInspector.inspect(jar("ok.jar", "dev/App.class", 1000)).kind())
        .isEqualTo(Release.Kind.HANDLER);
  }

  @Test
  void anEntryThatClimbsOutOfTheTreeIsRefused() throws IOException {
    for (String name :
        new String[] {"../evil.sh", "a/../../evil", "/etc/passwd", "C:evil", "a\\b"}) {
      Path jar = jar("bad.jar", name, 10);
      assertThatThrownBy(() -> JarInspector.inspect(jar))
          .isInstanceOf(InvalidReleaseException.class)
          .hasMessageContaining("outside the jar's own tree");
    }
  }

  @Test
  void aJarThatInflatesFarBeyondItsSizeIsRefusedAsAZipBomb() throws IOException {
    Path bomb = jar("bomb.jar", "zeros.bin", 64 << 20);

    assertThat(Files.size(bomb)).isLessThan(1 << 20);
    assertThatThrownBy(() -> JarInspector.inspect(bomb))
        .isInstanceOf(InvalidReleaseException.class)
        .hasMessageContaining("zip bomb");
  }

  @Test
  void classesAreCountedInTheJarAndInTheJarsNestedInIt() throws IOException {
    Path jar = dir.resolve("boot.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, manifest())) {
      zip.putNextEntry(new JarEntry("dev/App.class"));
      zip.putNextEntry(new JarEntry("dev/App$Inner.class"));
      zip.putNextEntry(new JarEntry("application.properties"));
      zip.putNextEntry(new JarEntry("BOOT-INF/lib/web.jar"));
      zip.write(nested("org/web/A.class", "org/web/B.class", "org/web/C.class", "web.txt"));
      zip.putNextEntry(new JarEntry("WEB-INF/lib/json.jar"));
      zip.write(nested("org/json/Parser.class"));
      zip.putNextEntry(new JarEntry("BOOT-INF/lib/broken.jar"));
      zip.write(new byte[] {1, 2, 3});
      zip.closeEntry();
    }

    assertThat(JarInspector.inspect(jar).classes()).isEqualTo(6);
  }

  @Test
  void aZipBombNestedInTheJarIsRefusedToo() throws IOException {
    Path jar = dir.resolve("nested-bomb.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, manifest())) {
      zip.putNextEntry(new JarEntry("BOOT-INF/lib/bomb.jar"));
      zip.write(Files.readAllBytes(jar("inner.jar", "zeros.bin", 64 << 20)));
      zip.closeEntry();
    }

    assertThatThrownBy(() -> JarInspector.inspect(jar))
        .isInstanceOf(InvalidReleaseException.class)
        .hasMessageContaining("zip bomb");
  }

  @Test
  void namesThatStayInsideAreSafe() {
    assertThat(JarInspector.safe("META-INF/MANIFEST.MF")).isTrue();
    assertThat(JarInspector.safe("a/..b/c..")).isTrue();
    assertThat(JarInspector.safe("a/./b")).isTrue();
    assertThat(JarInspector.safe("docs/time:12.txt")).isTrue();
  }

  /** A handler jar with one more entry of {@code size} zero bytes. */
  private Path jar(String file, String entry, int size) throws IOException {
    Path jar = dir.resolve(file);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, manifest())) {
      zip.putNextEntry(new JarEntry(entry));
      byte[] zeros = new byte[64 * 1024];
      for (int left = size; left > 0; left -= zeros.length) {
        zip.write(zeros, 0, Math.min(left, zeros.length));
      }
      zip.closeEntry();
    }
    return jar;
  }

  /** A jar of empty entries with these names, as bytes to nest in another. */
  private static byte[] nested(String... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String entry : entries) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Manifest manifest() {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(JarInspector.HANDLER, "dev.App");
    return manifest;
  }
}
