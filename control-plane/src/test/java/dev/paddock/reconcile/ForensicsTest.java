package dev.paddock.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jvm.MemoryCalculator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ForensicsTest {

  @Test
  void anAppsOwnExitCodeThreeIsNotReadAsOutOfMemory() {
    assertThat(Forensics.cause("exited with code 3", List.of("bye", "exiting with 3")))
        .isEqualTo("exited with code 3");
  }

  @Test
  void theJvmsOwnMessageMakesExitCodeThreeAnOutOfMemoryDeath() {
    List<String> logs =
        List.of(
            "Filling the heap", "Terminating due to java.lang.OutOfMemoryError: Java heap space");

    assertThat(Forensics.cause("exited with code 3", logs))
        .isEqualTo("the JVM ran out of memory (OutOfMemoryError: Java heap space, exit code 3)");
  }

  @Test
  void theJvmsMessageMattersOnlyWithItsExitCode() {
    List<String> logs = List.of("Terminating due to java.lang.OutOfMemoryError: Metaspace");

    assertThat(Forensics.cause("exited with code 30", logs))
        .isEqualTo("exited with code 30; OutOfMemoryError: Metaspace");
  }

  @Test
  void aMemoryKillNamesTheJavaOutOfMemoryErrorTheLogShows() {
    List<String> logs = List.of("java.lang.OutOfMemoryError: Direct buffer memory");

    assertThat(Forensics.cause("killed for exceeding its memory limit (exit code 137)", logs))
        .isEqualTo(
            "killed for exceeding its memory limit (exit code 137); OutOfMemoryError: Direct buffer memory");
  }

  @Test
  void aMemoryKillNamesTheLimitAndHowTheJvmSplitIt() {
    String cause =
        Forensics.cause(
            "killed for exceeding its memory limit (exit code 137)",
            List.of(),
            MemoryCalculator.size(DataSize.ofMegabytes(256), false, 12_291));

    assertThat(cause)
        .isEqualTo(
            "killed for exceeding its memory limit (exit code 137); memory limit 256MiB reached"
                + " with heap max 84MiB, metaspace max 54MiB, code cache 32MiB, thread stacks"
                + " 50MiB (50 × 1MiB) and direct memory 10MiB: the rest was native memory beyond"
                + " them");
  }

  @Test
  void aJavaOutOfMemoryErrorIsNotAMemoryKillAndKeepsItsOwnWords() {
    String cause =
        Forensics.cause(
            "exited with code 3",
            List.of("Terminating due to java.lang.OutOfMemoryError: Java heap space"),
            MemoryCalculator.size(DataSize.ofMegabytes(256), true, 1));

    assertThat(cause)
        .isEqualTo("the JVM ran out of memory (OutOfMemoryError: Java heap space, exit code 3)");
  }
}
