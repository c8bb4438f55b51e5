package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupFilesTest {

  @Test
  void aProcessOutsideTheContainersCgroupIsNeverReadAsTheContainer() {
    // As when the container's first process ended and the kernel gave its id to another process.
    long notInIt = ProcessHandle.current().pid();
    String containerId = "4f1c2b9e0d7a" + "0".repeat(52);

    assertThat(CgroupFiles.of(notInIt, containerId)).isEmpty();
    assertThat(CgroupFiles.of(0, containerId)).isEmpty();
  }
}
