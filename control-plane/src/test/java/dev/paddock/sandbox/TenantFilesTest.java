package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantFilesTest {

  @TempDir Path dir;

  @Test
  void aTreeIsEmptiedAndLinksInItAreRemovedWithoutTouchingWhatTheyName() throws IOException {
    Path outside = Files.createDirectory(dir.resolve("host"));
    Files.writeString(outside.resolve("passwd"), "the host's");
    Path tree = Files.createDirectory(dir.resolve("app"));
    Files.createDirectories(tree.resolve("in/deep/deeper"));
    Files.writeString(tree.resolve("in/deep/deeper/passwd"), "the tenant's");
    Files.createSymbolicLink(tree.resolve("in/etc"), outside);
    Files.createSymbolicLink(tree.resolve("in/deep/passwd"), outside.resolve("passwd"));

    TenantFiles.deleteTree(tree);

    assertThat(tree).isEmptyDirectory();
    assertThat(outside.resolve("passwd")).hasContent("the host's");
  }
}
