package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupFilesTest {

  @TempDir Path dir;

  @Test
  void aProcessOutsideTheContainersCgroupIsNeverReadAsTheContainer() {
    // As when the container's first process ended and the kernel gave its id to another process.
    long notInIt = ProcessHandle.current().pid();
    String containerId = "4f1c2b9e0d7a" + "0".repeat(52);

    assertThat(CgroupFiles.of(notInIt, containerId)).isEmpty();
    assertThat(CgroupFiles.of(0, containerId)).isEmpty();
  }

  @Test
  void aStatFileIsReadByItsKeyWhereverTheLineIs() throws IOException {
    Path stat =
        Files.writeString(
            dir.resolve("memory.stat"),
            """
        cache 4096
        total_inactive_file 1234
        inactive_file 77
        total_cache 8192""");

    assertThat(CgroupFiles.stat(stat, "cache")).isEqualTo(4096);
    assertThat(CgroupFiles.stat(stat, "inactive_file")).isEqualTo(77);
    assertThat(CgroupFiles.stat(stat, "total_inactive_file")).isEqualTo(1234);
    assertThat(CgroupFiles.stat(stat, "total_cache")).isEqualTo(8192);
    assertThatThrownBy(() -> CgroupFiles.stat(stat, "inactive"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No inactive in");
  }
}
