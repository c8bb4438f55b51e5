package dev.paddock.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarInspectorTest {

  @TempDir Path dir;

  @Test
  void anHonestHandlerJarIsAHandler() throws IOException {
    assertThat(JarInspector.kind(jar("ok.jar", "dev/App.class", 1000)))
        .isEqualTo(Release.Kind.HANDLER);
  }

  @Test
  void anEntryThatClimbsOutOfTheTreeIsRefused() throws IOException {
    for (String name :
        new String[] {"../evil.sh", "a/../../evil", "/etc/passwd", "C:evil", "a\\b"}) {
      Path jar = jar("bad.jar", name, 10);
      assertThatThrownBy(() -> JarInspector.kind(jar))
          .isInstanceOf(InvalidReleaseException.class)
          .hasMessageContaining("outside the jar's own tree");
    }
  }

  @Test
  void aJarThatInflatesFarBeyondItsSizeIsRefusedAsAZipBomb() throws IOException {
    Path bomb = jar("bomb.jar", "zeros.bin", 64 << 20);

    assertThat(Files.size(bomb)).isLessThan(1 << 20);
    assertThatThrownBy(() -> JarInspector.kind(bomb))
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
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(JarInspector.HANDLER, "dev.App");
    Path jar = dir.resolve(file);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, manifest)) {
      zip.putNextEntry(new JarEntry(entry));
      byte[] zeros = new byte[64 * 1024];
      for (int left = size; left > 0; left -= zeros.length) {
        zip.write(zeros, 0, Math.min(left, zeros.length));
      }
      zip.closeEntry();
    }
    return jar;
  }
}
